package io.jkeras;

import com.google.common.collect.ImmutableList;
import io.jkeras.backend.Backend;
import io.jkeras.backend.CompileConfig;
import io.jkeras.backend.ModelRuntime;
import io.jkeras.backend.RuntimeOptions;
import io.jkeras.callbacks.History;
import io.jkeras.layers.InputLayer;
import io.jkeras.layers.Layer;
import io.jkeras.layers.Node;
import io.jkeras.models.FunctionalGraph;
import io.jkeras.models.SummaryPrinter;
import io.jkeras.saving.ModelSerializer;
import io.jkeras.training.Batches;
import io.jkeras.training.Evaluate;
import io.jkeras.training.Fit;
import io.jkeras.training.Predict;
import io.jkeras.training.Trainer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.Shape;

/**
 * A model made of layers applied to symbolic tensors, from its inputs to its outputs (Keras' functional
 * {@code Model}). A model is itself a layer: it can be applied to new tensors inside a bigger model, sharing
 * its weights.
 *
 * <pre>{@code
 * var inputs = Input.of(28, 28, 1);
 * var x = new Conv2D(32, 3, 3).activation("relu").apply(inputs);
 * x = new MaxPooling2D(2, 2).apply(x);
 * x = new Flatten().apply(x);
 * var outputs = new Dense(10).activation("softmax").apply(x);
 * var model = Model.of(inputs, outputs);
 * model.summary();
 * }</pre>
 */
public class Model extends Layer implements AutoCloseable {
  private FunctionalGraph graph;
  private List<String> inputNames;
  private List<String> outputNames;
  private boolean inputsByName;
  private boolean outputsByName;
  private boolean inputsAsList;
  private boolean outputsAsList;

  /** For {@link Sequential}, which makes its graph once its input shape is known. */
  protected Model() {}

  private Model(String name, List<SymbolicTensor> inputs, List<SymbolicTensor> outputs,
      List<String> inputKeys, List<String> outputKeys) {
    if (name != null) {
      setName(name);
    }
    setGraph(inputs, outputs, inputKeys, outputKeys);
  }

  // ---------------------------------------------------------------- factories

  /** A model with one input and one output. */
  public static Model of(SymbolicTensor input, SymbolicTensor output) {
    Objects.requireNonNull(input, "Model.of: input is null");
    Objects.requireNonNull(output, "Model.of: output is null");
    return new Model(null, List.of(input), List.of(output), null, null).structure(false, false);
  }

  /** A model with several inputs and one output. */
  public static Model of(List<SymbolicTensor> inputs, SymbolicTensor output) {
    Objects.requireNonNull(output, "Model.of: output is null");
    return new Model(null, inputs, List.of(output), null, null).structure(true, false);
  }

  /** A model with one input and several outputs. */
  public static Model of(SymbolicTensor input, List<SymbolicTensor> outputs) {
    Objects.requireNonNull(input, "Model.of: input is null");
    return new Model(null, List.of(input), outputs, null, null).structure(false, true);
  }

  /** A model with several inputs and outputs, in the given order. */
  public static Model of(List<SymbolicTensor> inputs, List<SymbolicTensor> outputs) {
    return new Model(null, inputs, outputs, null, null).structure(true, true);
  }

  /**
   * A model whose inputs and outputs are named by the maps' keys (Keras' dict inputs/outputs): data, losses
   * and metrics are then given by these names. As in Keras, whose tree utilities flatten dicts by sorted key,
   * inputs and outputs are ordered by key, so {@code Map.of(...)} gives a deterministic model.
   */
  public static Model of(Map<String, SymbolicTensor> inputs, Map<String, SymbolicTensor> outputs) {
    Map<String, SymbolicTensor> in = sorted(inputs);
    Map<String, SymbolicTensor> out = sorted(outputs);
    return new Model(null, new ArrayList<>(in.values()), new ArrayList<>(out.values()),
        new ArrayList<>(in.keySet()), new ArrayList<>(out.keySet()));
  }

  /** Named inputs (ordered by key), one output. */
  public static Model of(Map<String, SymbolicTensor> inputs, SymbolicTensor output) {
    Map<String, SymbolicTensor> in = sorted(inputs);
    return new Model(null, new ArrayList<>(in.values()), List.of(output), new ArrayList<>(in.keySet()), null);
  }

  /** Named inputs (ordered by key), several outputs named by their layers. */
  public static Model of(Map<String, SymbolicTensor> inputs, List<SymbolicTensor> outputs) {
    Map<String, SymbolicTensor> in = sorted(inputs);
    return new Model(null, new ArrayList<>(in.values()), outputs, new ArrayList<>(in.keySet()), null)
        .structure(false, true);
  }

  /** Keras keeps the structure given: a single tensor is written differently from a list of one. */
  private Model structure(boolean inputList, boolean outputList) {
    this.inputsAsList = inputList;
    this.outputsAsList = outputList;
    return this;
  }

  /** Whether the inputs were given as a list (a list of one stays a list in the model's config). */
  public boolean inputsAsList() {
    return inputsAsList;
  }

  /** Whether the outputs were given as a list (a list of one stays a list in the model's config). */
  public boolean outputsAsList() {
    return outputsAsList;
  }

  private static Map<String, SymbolicTensor> sorted(Map<String, SymbolicTensor> m) {
    Objects.requireNonNull(m, "inputs/outputs map");
    return new java.util.TreeMap<>(m);
  }

  /** Sets the model's name (Keras' {@code name=}); {@code functional}, {@code functional_1}, ... otherwise. */
  public Model name(String name) {
    setName(name);
    return this;
  }

  /**
   * Freezes or unfreezes the model and, as Keras' {@code model.trainable = ...} does, every layer in it.
   *
   * <pre>{@code
   * base.trainable(false);   // fine-tuning: base's layers keep their weights
   * }</pre>
   */
  public Model trainable(boolean trainable) {
    setTrainable(trainable);
    List<Layer> sublayers = this instanceof Sequential || hasGraph() ? layers() : List.of();
    for (Layer l : sublayers) {
      if (l instanceof Model m) {
        m.trainable(trainable);
      } else if (l instanceof io.jkeras.layers.BaseLayer<?> b) {
        b.trainable(trainable);
      }
    }
    return this;
  }

  protected final void setGraph(List<SymbolicTensor> inputs, List<SymbolicTensor> outputs,
      List<String> inputKeys, List<String> outputKeys) {
    Objects.requireNonNull(inputs, "inputs");
    Objects.requireNonNull(outputs, "outputs");
    this.graph = FunctionalGraph.of(nameForMessages(), inputs, outputs);
    this.inputsByName = inputKeys != null;
    this.outputsByName = outputKeys != null;
    this.inputNames = inputKeys != null ? List.copyOf(inputKeys)
        : inputs.stream().map(t -> t.layer().name()).collect(ImmutableList.toImmutableList());
    this.outputNames = outputKeys != null ? List.copyOf(outputKeys) : defaultOutputNames(outputs);
    checkUnique("input", inputNames);
    checkUnique("output", outputNames);
  }

  private static List<String> defaultOutputNames(List<SymbolicTensor> outputs) {
    // Keras names outputs by their layers; a layer with several outputs gets _1, _2 suffixes.
    List<String> names = new ArrayList<>();
    for (SymbolicTensor t : outputs) {
      String n = t.layer().name();
      names.add(names.contains(n) ? n + "_" + t.tensorIndex() : n);
    }
    return ImmutableList.copyOf(names);
  }

  private void checkUnique(String what, List<String> names) {
    Set<String> seen = new java.util.HashSet<>();
    for (String n : names) {
      if (!seen.add(n)) {
        throw new IllegalArgumentException(
            "Model '" + name() + "': two " + what + "s are named '" + n + "'; names must be unique");
      }
    }
  }

  @Override
  public String className() {
    return "Functional";
  }

  @Override
  protected String defaultNamePrefix() {
    return "functional";
  }

  // ---------------------------------------------------------------- the graph

  /** The layer graph; for a {@link Sequential} it is made on first use. */
  public FunctionalGraph graph() {
    if (graph == null) {
      throw new IllegalStateException(
          "Model '" + name() + "' is not built yet: its input shape is unknown. Give the first layer an"
              + " input shape, add an Input, or call build(shape).");
    }
    return graph;
  }

  /** Whether the graph exists (a {@link Sequential} without input shape has none yet). */
  public boolean hasGraph() {
    return graph != null;
  }

  /** Layers in Keras' order; for functional models the input layers are included, as in Keras. */
  public List<Layer> layers() {
    return graph().layers();
  }

  /** The layer with that name; the error lists the names there are. */
  public Layer getLayer(String layerName) {
    for (Layer l : layers()) {
      if (l.name().equals(layerName)) {
        return l;
      }
    }
    List<String> names = new ArrayList<>();
    for (Layer l : layers()) {
      names.add(l.name());
    }
    throw new IllegalArgumentException(
        "Model '" + name() + "' has no layer named '" + layerName + "'; layers: " + names);
  }

  /** The layer at that position of {@link #layers()}. */
  public Layer getLayer(int index) {
    List<Layer> l = layers();
    if (index < 0 || index >= l.size()) {
      throw new IndexOutOfBoundsException(
          "Model '" + name() + "' has " + l.size() + " layers, no index " + index);
    }
    return l.get(index);
  }

  public List<SymbolicTensor> inputs() {
    return graph().inputs();
  }

  public List<SymbolicTensor> outputs() {
    return graph().outputs();
  }

  /** Input names, in order: the map keys for a model made from maps, the input layers' names otherwise. */
  public List<String> inputNames() {
    graph();
    return inputNames;
  }

  /** Output names, in order: the map keys for a model made from maps, the output layers' names otherwise. */
  public List<String> outputNames() {
    graph();
    return outputNames;
  }

  /** Whether inputs were given as a map by name. */
  public boolean inputsByName() {
    return inputsByName;
  }

  /** Whether outputs were given as a map by name. */
  public boolean outputsByName() {
    return outputsByName;
  }

  /** The input layers, in input order. */
  public List<InputLayer> inputLayers() {
    List<InputLayer> out = new ArrayList<>();
    for (SymbolicTensor t : inputs()) {
      out.add((InputLayer) t.layer());
    }
    return out;
  }

  // ---------------------------------------------------------------- a model as a layer

  @Override
  protected List<io.jkeras.Variable> ownWeights() {
    if (!hasGraph()) {
      return List.of();
    }
    Set<io.jkeras.Variable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<io.jkeras.Variable> out = new ArrayList<>();
    for (Layer l : layers()) {
      for (io.jkeras.Variable v : l.weights()) {
        if (seen.add(v)) {
          out.add(v);
        }
      }
    }
    return out;
  }

  @Override
  public List<io.jkeras.Variable> trainableWeights() {
    if (!trainable()) {
      return List.of();
    }
    // Keep the layers' order (Keras lists model weights layer by layer).
    List<io.jkeras.Variable> out = new ArrayList<>();
    for (io.jkeras.Variable v : ownWeights()) {
      if (v.trainable()) {
        out.add(v);
      }
    }
    return out;
  }

  @Override
  public List<io.jkeras.Variable> nonTrainableWeights() {
    List<io.jkeras.Variable> out = new ArrayList<>();
    for (io.jkeras.Variable v : ownWeights()) {
      if (!v.trainable() || !trainable()) {
        out.add(v);
      }
    }
    return out;
  }

  @Override
  public boolean isBuilt() {
    return hasGraph();
  }

  @Override
  public List<Shape> computeOutputShapes(List<Shape> inputShapes) {
    List<SymbolicTensor> ins = inputs();
    if (inputShapes.size() != ins.size()) {
      throw error("expects " + ins.size() + " inputs, got " + inputShapes.size() + ": "
          + formatShapes(inputShapes));
    }
    Map<SymbolicTensor, Shape> shapes = new IdentityHashMap<>();
    for (int i = 0; i < ins.size(); i++) {
      Shape expected = ins.get(i).shape();
      Shape given = inputShapes.get(i);
      if (!compatible(expected, given)) {
        throw error("input " + i + " ('" + inputNames().get(i) + "') expects shape "
            + io.jkeras.util.Shapes.format(expected) + ", got " + io.jkeras.util.Shapes.format(given));
      }
      shapes.put(ins.get(i), given);
    }
    for (Node node : graph().nodesInExecutionOrder()) {
      if (node.isInput()) {
        continue;
      }
      List<Shape> nodeIn = new ArrayList<>();
      for (SymbolicTensor t : node.inputs()) {
        nodeIn.add(shapes.get(t));
      }
      List<Shape> nodeOut;
      if (node.layer().usesOpsCall()) {
        // A layer written in ops has no shape rule: its call traced on stand-ins of the new shapes gives them.
        List<DType> dtypes = node.inputs().stream().map(SymbolicTensor::dtype).toList();
        nodeOut = io.jkeras.ops.OpTrace.trace(node.layer(), nodeIn, dtypes, false).outputs().stream()
            .map(SymbolicTensor::shape).toList();
      } else {
        nodeOut = node.layer().computeOutputShapes(nodeIn);
      }
      for (int i = 0; i < nodeOut.size(); i++) {
        shapes.put(node.outputs().get(i), nodeOut.get(i));
      }
    }
    List<Shape> out = new ArrayList<>();
    for (SymbolicTensor t : outputs()) {
      out.add(shapes.get(t));
    }
    return out;
  }

  private static boolean compatible(Shape expected, Shape given) {
    if (expected.numDimensions() != given.numDimensions()) {
      return false;
    }
    for (int i = 0; i < expected.numDimensions(); i++) {
      long e = expected.get(i);
      long g = given.get(i);
      if (e != Shape.UNKNOWN_SIZE && g != Shape.UNKNOWN_SIZE && e != g) {
        return false;
      }
    }
    return true;
  }

  @Override
  protected List<DType> computeOutputDtypes(List<DType> inputDtypes, int outputCount) {
    List<DType> out = new ArrayList<>();
    for (SymbolicTensor t : outputs()) {
      out.add(t.dtype());
    }
    return out;
  }

  // ---------------------------------------------------------------- summary and config

  /** Prints {@link #summaryString()} to standard output, as Keras' {@code model.summary()}. */
  public void summary() {
    System.out.print(summaryString());
  }

  /** The summary table in Keras 3's layout, as Keras prints it when the output is not a terminal. */
  public String summaryString() {
    return SummaryPrinter.summarize(this);
  }

  /**
   * The summary table with Keras' {@code line_length}: the total width of the table's lines, as Keras prints
   * it on a console at least that wide (on a narrower one, rich would crop the lines).
   */
  public String summaryString(int lineLength) {
    return SummaryPrinter.summarize(this, lineLength);
  }

  /**
   * The summary table with Keras' other {@code summary()} arguments.
   *
   * <pre>{@code
   * model.summaryString(new SummaryPrinter.Options().expandNested(true).showTrainable(true));
   * }</pre>
   */
  public String summaryString(SummaryPrinter.Options options) {
    return SummaryPrinter.summarize(this, options);
  }

  /**
   * Draws the layer graph (Keras' {@code plot_model} with {@code show_shapes=True}): writes a Graphviz DOT file
   * and, when Graphviz' {@code dot} is on the PATH, renders it to the format of {@code file}'s extension.
   *
   * <pre>{@code
   * model.plot(Path.of("model.png"));
   * }</pre>
   */
  public io.jkeras.utils.ModelPlotter.Result plot(java.nio.file.Path file) {
    return io.jkeras.utils.ModelPlotter.plot(this, file);
  }

  /** Keras' model config for this model ({@code get_config()}). */
  @Override
  public Map<String, Object> getConfig() {
    return ModelSerializer.modelConfig(this);
  }

  /** The architecture as Keras' model JSON ({@code model.to_json()}). */
  public String toJson() {
    return ModelSerializer.toJson(this);
  }

  /** Rebuilds a model from {@link #toJson()}'s output (or Keras' JSON for the layers jkeras has). */
  public static Model fromJson(String json) {
    return ModelSerializer.fromJson(json);
  }

  /** Inputs by name, in input order. */
  public Map<String, SymbolicTensor> inputsByNameMap() {
    Map<String, SymbolicTensor> m = new LinkedHashMap<>();
    for (int i = 0; i < inputs().size(); i++) {
      m.put(inputNames().get(i), inputs().get(i));
    }
    return m;
  }

  /** Outputs by name, in output order. */
  public Map<String, SymbolicTensor> outputsByNameMap() {
    Map<String, SymbolicTensor> m = new LinkedHashMap<>();
    for (int i = 0; i < outputs().size(); i++) {
      m.put(outputNames().get(i), outputs().get(i));
    }
    return m;
  }

  // ---------------------------------------------------------------- training (io.jkeras.training)

  private CompileConfig compileConfig;
  private RuntimeOptions runtimeOptions;
  private Backend backend;
  private ModelRuntime runtime;
  private Map<String, float[]> weightsToRestore;
  /** Optimizer state read by {@link #load}, set into the runtime when it is made. */
  private io.jkeras.saving.ModelArchive.TrainingState stateToRestore;
  /** Whether a compiled model was loaded with its optimizer: Keras then builds the optimizer at once. */
  private boolean optimizerLoaded;
  /** The seed the runtime was made with (saved with the model: Dropout masks depend on it). */
  private Long runtimeSeed;
  private volatile boolean stopTraining;
  private volatile boolean closed;
  /** The thread running fit/evaluate/compile/*OnBatch now: those are not thread-safe, predict is. */
  private final java.util.concurrent.atomic.AtomicReference<Thread> trainingThread =
      new java.util.concurrent.atomic.AtomicReference<>();
  private History history;
  /** Seeds of successive fits' shuffling, from the runtime options' seed (see {@link #shuffleSeed()}). */
  private java.util.Random shuffleSeeds;
  /** The strategy whose scope was open when this model was made or compiled (Keras' distribute_strategy). */
  private io.jkeras.distribute.Strategy distributeStrategy = io.jkeras.distribute.Strategy.current().orElse(null);

  /**
   * Configures the model for training, as Keras' {@code model.compile(...)}. Compiling again keeps the
   * weights.
   *
   * <pre>{@code
   * model.compile(Compile.optimizer("adam").loss("sparse_categorical_crossentropy").metrics("accuracy"));
   * }</pre>
   */
  public void compile(Compile compile) {
    exclusive("compile", () -> {
      compileNow(compile);
      return null;
    });
  }

  private synchronized void compileNow(Compile compile) {
    checkOpen();
    Objects.requireNonNull(compile, "compile");
    CompileConfig resolved = compile.resolve(this);
    if (runtime != null) {
      // The runtime lowers the losses and the optimizer: make a new one, carrying the weights over.
      weightsToRestore = runtime.getWeights();
      runtime.close();
      runtime = null;
    }
    // A new compile means a new optimizer, as in Keras: saved optimizer state no longer applies.
    stateToRestore = null;
    io.jkeras.distribute.Strategy.current().ifPresent(st -> distributeStrategy = st);
    optimizerLoaded = false;
    this.compileConfig = resolved;
  }

  /**
   * The distribution strategy this model trains under: the one whose {@link io.jkeras.distribute.Strategy#scope()}
   * was open when the model was created or compiled (Keras' {@code model.distribute_strategy}); empty for one
   * device.
   *
   * <pre>{@code
   * try (var scope = new MirroredStrategy("/cpu:0", "/cpu:1").scope()) {
   *   model = Model.of(inputs, outputs);
   * }
   * int replicas = model.distributeStrategy().map(Strategy::numReplicasInSync).orElse(1);
   * }</pre>
   */
  public java.util.Optional<io.jkeras.distribute.Strategy> distributeStrategy() {
    return java.util.Optional.ofNullable(distributeStrategy);
  }

  /** Whether {@link #compile} was called. */
  public boolean isCompiled() {
    return compileConfig != null;
  }

  /** The resolved compile arguments; a clear error if the model is not compiled. */
  public CompileConfig compileConfig() {
    return requireCompiled("use its compile config");
  }

  /**
   * How the runtime runs this model (threads, seed, ...); only before the first {@code fit}, {@code evaluate}
   * or {@code predict}. By default the seed is the one given to {@link Keras#setRandomSeed}.
   */
  public Model runtimeOptions(RuntimeOptions options) {
    checkOpen();
    if (runtime != null) {
      throw new IllegalStateException("Model '" + name() + "': runtimeOptions must be set before the first"
          + " fit/evaluate/predict, which created the runtime");
    }
    this.runtimeOptions = Objects.requireNonNull(options, "options");
    return this;
  }

  /**
   * Runs this model on the given backend instead of the one found on the class path with
   * {@link java.util.ServiceLoader} (to choose among several runtimes, or a test double); only before the
   * first use.
   */
  public Model backend(Backend backend) {
    checkOpen();
    if (runtime != null) {
      throw new IllegalStateException(
          "Model '" + name() + "': the backend must be set before the first fit/evaluate/predict");
    }
    this.backend = Objects.requireNonNull(backend, "backend");
    return this;
  }

  /**
   * The runtime running this model, created on first use (after {@link #compile} for training). Callbacks use
   * it to read weights or the learning rate.
   */
  public synchronized ModelRuntime runtime() {
    checkOpen();
    if (runtime == null) {
      RuntimeOptions opts = runtimeOptions;
      if (opts == null) {
        opts = RuntimeOptions.defaults();
        Keras.randomSeed().ifPresent(opts::seed);
      }
      Backend b = backend != null ? backend : Backend.get();
      ModelRuntime rt = b.create(this, compileConfig, opts);
      try {
        if (weightsToRestore != null) {
          rt.setWeights(weightsToRestore);
        }
        if (stateToRestore != null && compileConfig != null) {
          restoreTrainingState(rt, stateToRestore);
        }
      } catch (RuntimeException e) {
        rt.close();
        throw e;
      }
      Set<String> assigned = weightsToRestore == null ? Set.of() : Set.copyOf(weightsToRestore.keySet());
      weightsToRestore = null;
      stateToRestore = null;
      runtimeSeed = opts.seed().isPresent() ? opts.seed().getAsLong() : null;
      runtime = new SharedWeightsRuntime(this, rt, assigned);
    }
    return runtime;
  }

  private void restoreTrainingState(ModelRuntime rt, io.jkeras.saving.ModelArchive.TrainingState state) {
    rt.setIterations(state.iterations());
    if (!state.variables().isEmpty()) {
      // Keras keeps slots for every trainable weight; the runtime only for those the loss reaches (the others
      // never change), and a Keras file may lack slots jkeras' runtime keeps (RMSprop's momentum at 0).
      Set<String> known = rt.getOptimizerState().keySet();
      Map<String, float[]> slots = new LinkedHashMap<>(state.variables());
      slots.keySet().retainAll(known);
      rt.setOptimizerState(slots);
    }
    // A learning rate changed during training (ReduceLROnPlateau) is part of the state; a schedule is not.
    if (state.learningRate() != null && compileConfig.optimizer().schedule().isEmpty()
        && (float) compileConfig.optimizer().learningRate() != state.learningRate().floatValue()) {
      rt.setLearningRate(state.learningRate());
    }
  }

  /**
   * The sizes of the optimizer's variables, as Keras 3's {@code model.optimizer.variables} that {@code summary()}
   * counts as "Optimizer params": {@code iteration} (the step counter, an int64), {@code learning_rate} (a
   * variable unless a schedule drives it) and the slot variables by their {@link ModelRuntime#getOptimizerState}
   * names (Adam: {@code adam/dense_kernel_momentum}, {@code adam/dense_kernel_velocity}, ...). Empty while the
   * optimizer is not built: Keras builds it when training starts or when a compiled model is loaded, so here
   * once the runtime has taken a training step or a compiled model was loaded; empty too for a runtime that
   * cannot read its optimizer's state. Creates nothing.
   *
   * <pre>{@code
   * model.fit(x, y, Fit.epochs(1));
   * long n = model.optimizerVariableSizes().values().stream().mapToLong(Long::longValue).sum();
   * }</pre>
   */
  public synchronized Map<String, Long> optimizerVariableSizes() {
    if (compileConfig == null || closed) {
      return Map.of();
    }
    Map<String, float[]> slots;
    if (runtime != null && (runtime.iterations() > 0 || optimizerLoaded)) {
      try {
        slots = runtime.getOptimizerState();
      } catch (UnsupportedOperationException e) {
        return Map.of();
      }
    } else if (runtime == null && optimizerLoaded && stateToRestore != null) {
      slots = stateToRestore.variables();
    } else {
      return Map.of();
    }
    Map<String, Long> out = new LinkedHashMap<>();
    out.put("iteration", 1L);
    if (compileConfig.optimizer().schedule().isEmpty()) {
      out.put("learning_rate", 1L);
    }
    slots.forEach((name, values) -> out.put(name, (long) values.length));
    return out;
  }

  // ---------------------------------------------------------------- saving (io.jkeras.saving)

  /**
   * Saves the whole model in one file, as Keras' {@code model.save("model.keras")}: the architecture (Keras 3
   * model JSON), the compile arguments, the weights and the optimizer's state (step count, learning rate, slot
   * variables such as Adam's moments), so that {@link #load} gives a model that predicts the same and, when it
   * was compiled, continues training exactly where this one stands. The file is Keras 3's {@code .keras}
   * archive (config JSON and HDF5 weights, {@link io.jkeras.saving.ModelArchive}): Python's {@code
   * keras.models.load_model("model.keras")} reads it, predicts the same and trains on from the same optimizer
   * state. The file is replaced atomically: a failure leaves the previous file as it was.
   *
   * <pre>{@code
   * model.fit(x, y, Fit.epochs(5));
   * model.save(Path.of("model.keras"));
   * Model again = Model.load(Path.of("model.keras"));   // compiled, same weights and optimizer state
   * again.fit(x, y, Fit.epochs(10).initialEpoch(5));
   * }</pre>
   *
   * @throws io.jkeras.saving.SavingException naming the path when it cannot be written (missing directory,
   *     no permission, ...)
   */
  public void save(java.nio.file.Path path) throws java.io.IOException {
    Objects.requireNonNull(path, "path");
    checkOpen();
    Map<String, float[]> weights;
    io.jkeras.saving.ModelArchive.TrainingState state = null;
    Long seed;
    synchronized (this) {
      weights = currentWeights();
      if (compileConfig != null) {
        if (runtime != null) {
          Double lr = compileConfig.optimizer().schedule().isPresent() ? null : runtime.learningRate();
          state = new io.jkeras.saving.ModelArchive.TrainingState(runtime.iterations(), lr,
              runtime.getOptimizerState());
        } else {
          state = stateToRestore != null ? stateToRestore
              : new io.jkeras.saving.ModelArchive.TrainingState(0, null, Map.of());
        }
      }
      seed = runtime != null ? runtimeSeed : runtimeOptions != null && runtimeOptions.seed().isPresent()
          ? Long.valueOf(runtimeOptions.seed().getAsLong()) : Keras.randomSeed().isPresent()
          ? Long.valueOf(Keras.randomSeed().getAsLong()) : null;
    }
    io.jkeras.saving.ModelArchive.save(this, weights, state, seed, path);
  }

  /**
   * Loads a model, as Keras' {@code keras.models.load_model}: a {@code .keras} file written by {@link #save} or
   * by Python Keras 3, a legacy Keras {@code .h5} model file, or an earlier jkeras archive. The model has the
   * same architecture and weights, is compiled with the saved arguments and optimizer state when it was saved
   * compiled (training resumes exactly), and gets the saved runtime seed. Every layer class must be known to
   * {@link io.jkeras.layers.LayerRegistry}. Nothing native is touched until the model first runs, so {@link
   * #runtimeOptions} and {@link #backend} may still be set.
   *
   * <pre>{@code
   * Model model = Model.load(Path.of("model.keras"));   // e.g. from Python: model.save("model.keras")
   * FloatNdArray p = model.predict(x);
   * }</pre>
   *
   * @throws io.jkeras.saving.SavingException naming the path and the problem when the file is missing,
   *     empty, truncated, corrupt, neither a Keras nor a jkeras model file, holds a layer class jkeras lacks,
   *     or weights that do not fit the architecture
   */
  public static Model load(java.nio.file.Path path) throws java.io.IOException {
    Objects.requireNonNull(path, "path");
    io.jkeras.saving.ModelArchive.Loaded loaded = io.jkeras.saving.ModelArchive.load(path);
    Model m = loaded.model();
    if (loaded.compile() != null) {
      try {
        m.compile(loaded.compile());
      } catch (RuntimeException e) {
        throw new io.jkeras.saving.SavingException(path, "Cannot load model from " + path
            + ": its compile_config does not fit the model: " + e.getMessage(), e);
      }
      m.stateToRestore = loaded.state();
      m.optimizerLoaded = true;
    }
    m.weightsToRestore = new LinkedHashMap<>(loaded.weights());
    if (loaded.seed() != null) {
      m.runtimeOptions = RuntimeOptions.defaults().seed(loaded.seed());
    }
    return m;
  }

  /**
   * Saves the weights only, as Keras' {@code model.save_weights("model.weights.h5")}: Keras 3's HDF5 layout
   * ({@code layers/dense/vars/0}, ...), which Python's {@code model.load_weights} reads; a name ending in {@code
   * .npz} gives NumPy's {@code .npz} under the same keys instead. The file is replaced atomically.
   *
   * <pre>{@code
   * model.saveWeights(Path.of("model.weights.h5"));
   * other.loadWeights(Path.of("model.weights.h5"));   // same architecture
   * }</pre>
   */
  public void saveWeights(java.nio.file.Path path) throws java.io.IOException {
    Objects.requireNonNull(path, "path");
    checkOpen();
    Map<String, float[]> weights;
    synchronized (this) {
      weights = currentWeights();
    }
    io.jkeras.saving.ModelArchive.saveWeights(this, weights, path);
  }

  /**
   * Loads weights, as Keras' {@code model.load_weights}: a {@code .weights.h5} or {@code .keras} file from
   * {@link #saveWeights}, {@link #save} or Python Keras 3, a legacy Keras {@code .h5} (model or weights), or
   * an {@code .npz}. Layers are matched as Keras matches them: by class and position ({@code dense}, {@code
   * dense_1}, ...; legacy {@code .h5}: by position among the layers with weights), not by name, so the weights
   * of a model built by the same code load even if its layer names differ. Nothing is changed unless every
   * weight fits.
   *
   * @throws io.jkeras.saving.SavingException naming the file and the first layer that does not fit (a layer
   *     missing from the file or from the model, or both shapes of a weight), or what is wrong with the file
   */
  public void loadWeights(java.nio.file.Path path) throws java.io.IOException {
    Objects.requireNonNull(path, "path");
    checkOpen();
    Map<String, float[]> weights = io.jkeras.saving.ModelArchive.loadWeights(this, path);
    applyWeights(weights);
  }

  /**
   * The current weights, as Keras' {@code model.get_weights()}: one array per weight, in the order of {@link
   * #weights()} ({@code conv2d/kernel}, {@code conv2d/bias}, ...). Copies: changing them changes nothing.
   *
   * <pre>{@code
   * List<FloatNdArray> w = model.getWeights();
   * other.setWeights(w);
   * }</pre>
   */
  public List<FloatNdArray> getWeights() {
    checkOpen();
    Map<String, float[]> current;
    synchronized (this) {
      current = currentWeights();
    }
    List<FloatNdArray> out = new ArrayList<>();
    for (io.jkeras.Variable v : weights()) {
      out.add(org.tensorflow.ndarray.NdArrays.wrap(v.shape(),
          org.tensorflow.ndarray.buffer.DataBuffers.of(current.get(v.path()), false, false)));
    }
    return out;
  }

  /**
   * Sets every weight, as Keras' {@code model.set_weights(...)}: one array per weight in the order of {@link
   * #weights()}, each of the weight's shape.
   *
   * @throws IllegalArgumentException naming the weight and both shapes, or both counts; nothing is set then
   */
  public void setWeights(List<? extends FloatNdArray> values) {
    checkOpen();
    Objects.requireNonNull(values, "values");
    List<io.jkeras.Variable> vars = weights();
    if (values.size() != vars.size()) {
      throw new IllegalArgumentException("Model '" + name() + "' has " + vars.size() + " weights, setWeights got "
          + values.size() + " arrays");
    }
    Map<String, float[]> m = new LinkedHashMap<>();
    for (int i = 0; i < vars.size(); i++) {
      io.jkeras.Variable v = vars.get(i);
      FloatNdArray a = Objects.requireNonNull(values.get(i), "array " + i);
      if (!java.util.Arrays.equals(a.shape().asArray(), v.shape().asArray())) {
        throw new IllegalArgumentException("Model '" + name() + "': weight " + i + " '" + v.path() + "' has shape "
            + io.jkeras.util.Shapes.format(v.shape()) + ", the array given has shape "
            + io.jkeras.util.Shapes.format(a.shape()));
      }
      float[] f = new float[Math.toIntExact(v.size())];
      a.copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(f, false, false));
      m.put(v.path(), f);
    }
    applyWeights(m);
  }

  private synchronized void applyWeights(Map<String, float[]> weights) {
    if (runtime != null) {
      runtime.setWeights(weights);
    } else {
      // Not run yet: keep them for the runtime (and avoid making one, which needs the native library).
      Map<String, float[]> pending = weightsToRestore == null ? new LinkedHashMap<>() : weightsToRestore;
      pending.putAll(weights);
      weightsToRestore = pending;
    }
  }

  /** The weights by path, from the runtime, or from weights waiting for it when they cover every weight. */
  private Map<String, float[]> currentWeights() {
    if (runtime == null && weightsToRestore != null) {
      boolean complete = true;
      for (io.jkeras.Variable v : weights()) {
        complete &= weightsToRestore.containsKey(v.path());
      }
      if (complete) {
        Map<String, float[]> copy = new LinkedHashMap<>();
        weightsToRestore.forEach((k, v) -> copy.put(k, v.clone()));
        return copy;
      }
    }
    return runtime().getWeights();
  }

  /**
   * Exports the model for serving, as Keras' {@code model.export(path)}: a TensorFlow SavedModel (tag {@code
   * serve}) holding the inference graph only and the current weights, with a {@code serving_default} signature
   * whose inputs and outputs are keyed by {@link #inputNames()} and {@link #outputNames()} and whose batch
   * dimension is dynamic. TF Serving, Python TensorFlow and {@code io.jkeras.tf.SavedModel} load it. An existing
   * directory is replaced atomically.
   *
   * <pre>{@code
   * model.export(Path.of("target/mnist-savedmodel"));
   * }</pre>
   */
  public void export(java.nio.file.Path dir) throws java.io.IOException {
    Objects.requireNonNull(dir, "dir");
    runtime().exportSavedModel(dir);
  }

  /**
   * Trains the model, as Keras' {@code model.fit(x, y, ...)}. {@code x} and {@code y} are ndarrays
   * ({@code FloatNdArray}, {@code IntNdArray}, ...), Java arrays ({@code float[][][][]}, {@code int[]}), lists
   * in input/output order or maps by input/output name.
   *
   * <pre>{@code
   * History h = model.fit(xTrain, yTrain, Fit.epochs(3).batchSize(64).validationSplit(0.1));
   * }</pre>
   */
  public History fit(Object x, Object y, Fit fit) {
    checkOpen();
    CompileConfig c = requireCompiled("fit");
    Objects.requireNonNull(fit, "fit options");
    if (distributeStrategy != null && x != null && !(x instanceof Batches)
        && fit.batchSize() < distributeStrategy.numReplicasInSync()) {
      // batch_size is the global batch, split over the replicas (Keras' MirroredStrategy)
      throw new IllegalArgumentException("Model '" + name() + "': batch_size " + fit.batchSize() + " is the global"
          + " batch, split over the " + distributeStrategy.numReplicasInSync() + " replicas of " + distributeStrategy
          + ": a per-replica batch of 0; use a batch_size of at least " + distributeStrategy.numReplicasInSync());
    }
    History h = exclusive("fit", () -> Trainer.fit(this, c, this::runtime, x, y, fit, shuffleSeed()));
    this.history = h;
    return h;
  }

  /**
   * The seed of one fit's shuffling: from the runtime options' seed when they have one (the n-th fit of this
   * model gets the n-th seed of a generator seeded with it, so a rerun of the program shuffles alike), from
   * Keras' global generator otherwise ({@link Keras#setRandomSeed}).
   */
  private synchronized long shuffleSeed() {
    boolean workers = distributeStrategy instanceof io.jkeras.distribute.MultiWorkerMirroredStrategy
        && distributeStrategy.numReplicasInSync() > 1;
    if ((runtimeOptions == null || runtimeOptions.seed().isEmpty()) && !(workers && Keras.randomSeed().isEmpty())) {
      return Keras.nextSeed();
    }
    if (shuffleSeeds == null) {
      // the workers of a job must cut the same global batches: without a seed they share a fixed one
      shuffleSeeds = new java.util.Random(runtimeOptions != null && runtimeOptions.seed().isPresent()
          ? runtimeOptions.seed().getAsLong() : 1337L);
    }
    return shuffleSeeds.nextLong();
  }

  /** Trains on batches that carry inputs and targets (data that does not fit in memory). */
  public History fit(Batches data, Fit fit) {
    return fit(data, null, fit);
  }

  /** The History of the last {@code fit}, or {@code null}. */
  public History history() {
    return history;
  }

  /** Loss and metrics on the data, by name ({@code loss}, {@code accuracy}, ...), batch size 32. */
  public Map<String, Double> evaluate(Object x, Object y) {
    if (y instanceof Evaluate e) {
      return evaluate(x, null, e);
    }
    return evaluate(x, y, Evaluate.defaults());
  }

  /**
   * Loss and metrics on the data, as Keras' {@code model.evaluate(..., return_dict=True)}. If the calling thread
   * is interrupted, evaluation ends after the batch in progress and throws {@link
   * java.util.concurrent.CancellationException} rather than return metrics of part of the data; the interrupt
   * flag stays set.
   *
   * <pre>{@code
   * double acc = model.evaluate(xTest, yTest, Evaluate.batchSize(256).verbose(0)).get("accuracy");
   * }</pre>
   */
  public Map<String, Double> evaluate(Object x, Object y, Evaluate options) {
    checkOpen();
    CompileConfig c = requireCompiled("evaluate");
    return exclusive("evaluate", () -> Trainer.evaluate(this, c, this::runtime, x, y, options));
  }

  /** Evaluates on batches that carry inputs and targets. */
  public Map<String, Double> evaluate(Batches data, Evaluate options) {
    return evaluate(data, null, options == null ? Evaluate.defaults() : options);
  }

  /** The output of a single-output model for every example, batch size 32. */
  public FloatNdArray predict(Object x) {
    return predict(x, Predict.defaults());
  }

  /**
   * The output of a single-output model for every example, as Keras' {@code model.predict(x)}. If the calling
   * thread is interrupted, prediction ends after the batch in progress and throws {@link
   * java.util.concurrent.CancellationException} rather than return fewer rows than {@code x} has; the interrupt
   * flag stays set.
   *
   * <pre>{@code
   * FloatNdArray probs = model.predict(xTest, Predict.batchSize(256).verbose(0)); // (N, 10)
   * }</pre>
   */
  public FloatNdArray predict(Object x, Predict options) {
    requireSingleOutput("predict", "predictOutputs");
    return predictOutputs(x, options).values().iterator().next();
  }

  /** The outputs by output name, batch size 32. */
  public Map<String, FloatNdArray> predictOutputs(Object x) {
    return predictOutputs(x, Predict.defaults());
  }

  /** The outputs by output name ({@code classification_output}, ...). */
  public Map<String, FloatNdArray> predictOutputs(Object x, Predict options) {
    checkOpen();
    return byOutputName(Trainer.predict(this, this::runtime, x, options));
  }

  /** One training step on the data given, metrics reset first, as Keras' {@code train_on_batch}. */
  public Map<String, Double> trainOnBatch(Object x, Object y) {
    return trainOnBatch(x, y, null, null);
  }

  /** One training step with sample weights or class weights (not both). */
  public Map<String, Double> trainOnBatch(Object x, Object y, Object sampleWeight,
      Map<Integer, ? extends Number> classWeight) {
    checkOpen();
    CompileConfig c = requireCompiled("train_on_batch");
    Map<Integer, Double> cw = null;
    if (classWeight != null) {
      cw = new LinkedHashMap<>();
      for (Map.Entry<Integer, ? extends Number> e : classWeight.entrySet()) {
        cw.put(e.getKey(), e.getValue().doubleValue());
      }
    }
    Map<Integer, Double> weights = cw;
    return exclusive("train_on_batch",
        () -> Trainer.trainOnBatch(this, c, this::runtime, x, y, sampleWeight, weights));
  }

  /** Loss and metrics of one batch, metrics reset first, as Keras' {@code test_on_batch}. */
  public Map<String, Double> testOnBatch(Object x, Object y) {
    return testOnBatch(x, y, null);
  }

  /** Loss and metrics of one batch with sample weights. */
  public Map<String, Double> testOnBatch(Object x, Object y, Object sampleWeight) {
    checkOpen();
    CompileConfig c = requireCompiled("test_on_batch");
    return exclusive("test_on_batch", () -> Trainer.testOnBatch(this, c, this::runtime, x, y, sampleWeight));
  }

  /** The output of a single-output model for one batch, as Keras' {@code predict_on_batch}. */
  public FloatNdArray predictOnBatch(Object x) {
    requireSingleOutput("predictOnBatch", "predictOutputsOnBatch");
    return predictOutputsOnBatch(x).values().iterator().next();
  }

  /** The outputs for one batch, by output name. */
  public Map<String, FloatNdArray> predictOutputsOnBatch(Object x) {
    checkOpen();
    return byOutputName(Trainer.predictOnBatch(this, this::runtime, x));
  }

  /**
   * Asks {@code fit} to stop after the current step (Keras' {@code model.stop_training = True}); callbacks
   * call it. The History holds the epochs run so far.
   */
  public void stopTraining(boolean stop) {
    this.stopTraining = stop;
  }

  /** Whether a stop was asked for. */
  public boolean stopTraining() {
    return stopTraining;
  }

  /**
   * Frees the runtime (native memory); later use of the model for training or prediction fails. Closing a
   * model while another thread trains it is refused.
   */
  @Override
  public synchronized void close() {
    Thread owner = trainingThread.get();
    if (owner != null && owner != Thread.currentThread()) {
      throw new IllegalStateException("Model '" + name() + "' cannot be closed while thread '" + owner.getName()
          + "' is training it; stop it first (model.stopTraining(true) or interrupt that thread)");
    }
    if (runtime != null) {
      runtime.close();
      runtime = null;
    }
    closed = true;
  }

  /**
   * Runs a method that changes the model's training state (fit, evaluate, compile, *_on_batch) on one thread at
   * a time: TF sessions allow concurrent runs, but an optimizer step racing another would corrupt the weights
   * and the metrics. The owning thread may re-enter (a callback calling evaluate); others get a clear error.
   */
  private <T> T exclusive(String method, java.util.function.Supplier<T> action) {
    Thread me = Thread.currentThread();
    Thread owner = trainingThread.get();
    if (owner == me) {
      return action.get();
    }
    if (!trainingThread.compareAndSet(null, me)) {
      Thread other = trainingThread.get();
      throw new IllegalStateException("Model '" + name() + "': " + method + " called while thread '"
          + (other == null ? "?" : other.getName()) + "' runs fit/evaluate/compile on it; these methods of one"
          + " model are not thread-safe (predict is): call them from one thread");
    }
    try {
      return action.get();
    } finally {
      trainingThread.set(null);
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("Model '" + name() + "' is closed: its runtime was freed by close()");
    }
  }

  private CompileConfig requireCompiled(String what) {
    if (compileConfig == null) {
      throw new IllegalStateException("Model '" + name() + "' must be compiled before " + what
          + ": call model.compile(Compile.optimizer(...).loss(...)) first");
    }
    return compileConfig;
  }

  private void requireSingleOutput(String method, String instead) {
    if (outputNames().size() != 1) {
      throw new IllegalStateException("Model '" + name() + "' has " + outputNames().size() + " outputs "
          + outputNames() + "; " + method + " returns one array: use " + instead + " for outputs by name");
    }
  }

  private Map<String, FloatNdArray> byOutputName(List<FloatNdArray> outs) {
    List<String> names = outputNames();
    if (outs.size() != names.size()) {
      throw new IllegalStateException("the runtime returned " + outs.size() + " outputs for model '"
          + name() + "' with outputs " + names);
    }
    Map<String, FloatNdArray> m = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      m.put(names.get(i), outs.get(i));
    }
    return m;
  }
}
