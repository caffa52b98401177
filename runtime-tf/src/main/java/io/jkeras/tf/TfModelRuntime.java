package io.jkeras.tf;

import io.jkeras.DType;
import io.jkeras.Model;
import io.jkeras.backend.Batch;
import io.jkeras.backend.CompileConfig;
import io.jkeras.backend.ModelRuntime;
import io.jkeras.backend.RuntimeOptions;
import io.jkeras.layers.InputLayer;
import io.jkeras.tf.lowering.Lowered;
import io.jkeras.util.Shapes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.Scope;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.OptimizerOptions;
import org.tensorflow.proto.RewriterConfig;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TType;

/**
 * A model lowered to one TensorFlow graph and run by one session (graph mode): placeholders for the inputs,
 * one ref variable per weight, a training and an inference forward pass (one shared pass when no layer
 * differs), and, when compiled, losses, metrics, gradients and the optimizer update, so that each step is one
 * {@code Session.run}.
 *
 * <pre>{@code
 * try (ModelRuntime rt = new TfBackend().create(model, compileConfig, RuntimeOptions.defaults().seed(42))) {
 *   Map<String, Double> logs = rt.trainStep(new Batch(List.of(x), List.of(y), List.of()));
 * }
 * }</pre>
 */
public final class TfModelRuntime implements ModelRuntime {
  private final Model model;
  private final Graph graph;
  private final Session session;
  private final Ops tf;
  private final TfVariables variables;
  private final List<FeedChain> inputs = new ArrayList<>();
  private final List<Shape> inputShapes = new ArrayList<>();
  private final List<String> inputNames;
  private final List<Lowered> trainingOutputs;
  private final List<Lowered> inferenceOutputs;
  private final List<Operand<TFloat32>> predictions = new ArrayList<>();
  private final ForwardPass trainingPass;
  private final ForwardPass inferencePass;
  private final StepGraph steps;
  private final RuntimeOptions options;
  /** What the model's distribution strategy changes, or {@code null} (io.jkeras.distribute). */
  private final Replication replication;
  /** Optimizer slot variables by saved name ({@code adam/dense_kernel_momentum}), with their assign feeds. */
  private final Map<String, org.tensorflow.op.core.Variable<TFloat32>> slots = new LinkedHashMap<>();
  private final Map<String, org.tensorflow.op.core.Placeholder<TFloat32>> slotValues = new LinkedHashMap<>();
  private final Map<String, org.tensorflow.op.core.Assign<TFloat32>> slotAssigns = new LinkedHashMap<>();
  private volatile boolean closed;

  TfModelRuntime(Model model, CompileConfig compile, RuntimeOptions options) {
    this(model, compile, options, java.util.function.UnaryOperator.identity());
  }

  /**
   * As the public path, with the session's config adjusted last ({@code configure}): tests hide the GPU
   * ({@code device_count {"GPU": 0}}) to compare a GPU run with the CPU's in one process.
   */
  TfModelRuntime(Model model, CompileConfig compile, RuntimeOptions options,
      java.util.function.UnaryOperator<ConfigProto> configure) {
    this.model = model;
    this.options = options;
    this.inputNames = model.inputNames();
    long seed = options.seed().orElse(TfVariables.DEFAULT_SEED);
    NativeLogging.configure();
    Graph g = new Graph();
    Session s = null;
    try {
      this.graph = g;
      this.tf = Ops.create(g);
      this.variables = new TfVariables(tf, model.weights());
      List<Lowered> in = new ArrayList<>();
      List<InputLayer> inputLayers = model.inputLayers();
      for (int i = 0; i < inputLayers.size(); i++) {
        InputLayer layer = inputLayers.get(i);
        String name = inputNames.get(i);
        Shape shape = layer.batchShape();
        // Any numeric array can feed any input: uint8 images, float64 data are cast by TF, not by Java.
        FeedChain p = new FeedChain(tf, Scope.isValidOpName(name) ? name : "input", tfType(layer.dtype(), name),
            shape);
        inputs.add(p);
        inputShapes.add(shape);
        in.add(Lowered.of(p.value()));
      }
      // Layers that differ in training (Dropout, BatchNormalization; MaxPooling and Conv2D + Relu by the ops they
      // train with) get a second pass on the same variables; a runtime that is not compiled (prediction, export)
      // never trains and holds the inference pass only. The training pass may use fused ops with
      // jkeras-registered gradients.
      boolean fuse = compile != null && fusedOpsAllowed(options);
      this.replication = Replication.of(model, compile);
      if (compile != null && replication != null && replication.towers().size() > 1) {
        // MirroredStrategy: one tower per device on its slice of the batch (MirroredTowers)
        MirroredTowers towers = MirroredTowers.build(tf, model, in, variables, seed, fuse, replication.towers());
        trainingPass = towers.pass();
        trainingOutputs = towers.outputs();
        inferencePass = new ForwardPass(tf.withSubScope("inference"), false, variables, seed);
        inferenceOutputs = inferencePass.run(model, in);
      } else if (compile != null && ForwardPass.differsInTraining(model)) {
        // a worker of a MultiWorkerMirroredStrategy draws its own dropout masks (seed + rank)
        long passSeed = seed + (replication == null ? 0 : replication.seedOffset());
        trainingPass = new ForwardPass(tf.withSubScope("training"), true, variables, passSeed, fuse);
        trainingOutputs = trainingPass.run(model, in);
        inferencePass = new ForwardPass(tf.withSubScope("inference"), false, variables, seed);
        inferenceOutputs = inferencePass.run(model, in);
      } else {
        inferencePass = new ForwardPass(tf.withSubScope("forward"), false, variables, seed);
        inferenceOutputs = inferencePass.run(model, in);
        trainingPass = inferencePass;
        trainingOutputs = inferenceOutputs;
      }
      Ops out = tf.withSubScope("outputs");
      for (int i = 0; i < inferenceOutputs.size(); i++) {
        Operand<?> v = inferenceOutputs.get(i).value();
        // An identity even for float outputs: an output may be an input placeholder (fed, so not fetchable).
        predictions.add(v.type() == TFloat32.class ? out.identity(inferenceOutputs.get(i).floatValue())
            : out.dtypes.cast(v, TFloat32.class));
      }
      this.steps = compile == null ? null
          : new StepGraph(g, tf, model, compile, variables, trainingPass, trainingOutputs, inferencePass,
              inferenceOutputs, inputs.get(0).value(), in, replication == null ? null : replication.reducer());
      if (steps != null) {
        addSlotAssigns();
      }
      s = replication == null ? new Session(g, configure.apply(sessionConfig(options)))
          : replication.openSession(g, replication.configure(configure.apply(sessionConfig(options))));
      this.session = s;
      // The process' first run may print TensorFlow's MLIR INFO line: NativeLogging filters it.
      NativeLogging.firstRun(() -> {
        session.initialize();
        assign(variables.initialValues(seed), allIndices());
      });
    } catch (RuntimeException e) {
      if (s != null) {
        s.close();
      }
      g.close();
      throw TfErrors.wrap("Model '" + model.name() + "': lowering to a TensorFlow graph", e);
    }
  }

  /**
   * Fused training ops ({@code lowering.FusedConv2D}) go with grappler's own fusions: on unless {@code
   * remapping(false)}; off under XLA (which clusters plain ops), with a GPU (their layout and kernels were only
   * checked on CPUs), and with bfloat16 mixed precision, whose grappler pass converts the plain Conv2D, BiasAdd
   * and Relu chain to bfloat16 as a whole but not the fused op (measured: 1.5x against 1.4x the hand-written
   * float32 graph, docs/PERFORMANCE.md).
   */
  static boolean fusedOpsAllowed(RuntimeOptions options) {
    return options.remapping() && !options.jitCompile() && !"mixed_bfloat16".equals(options.mixedPrecision())
        && !GpuCheck.AVAILABLE;
  }

  /** Whether TensorFlow sees a GPU, asked once per process (listing devices opens a session). */
  private static final class GpuCheck {
    static final boolean AVAILABLE = detect();

    private static boolean detect() {
      try {
        return TfDevices.gpuAvailable();
      } catch (RuntimeException e) {
        return true; // unknown: assume a GPU, which keeps the plain ops (the choice checked everywhere)
      }
    }
  }

  /**
   * The session's options. {@code deterministic} runs one op at a time (inter-op parallelism 1, in a pool of this
   * session's own): independent ops then run in one order every step, so nothing depends on which thread wins a
   * race. Within an op, TF's CPU kernels (Eigen, oneDNN) split work by the intra-op thread count and combine the
   * parts in a fixed order: identical for the same count, which is left as set. TF's own op determinism
   * ({@code TF_DETERMINISTIC_OPS}, which matters for GPU kernels) is read from the environment by the native
   * library and cannot be switched from Java (docs/RELIABILITY.md).
   */
  static ConfigProto sessionConfig(RuntimeOptions options) {
    ConfigProto.Builder b = ConfigProto.newBuilder();
    if (options.intraOpThreads() > 0 || options.interOpThreads() > 0 || options.deterministic()) {
      // Without per-session pools TF sizes process-wide pools from the first session only.
      b.setUsePerSessionThreads(true);
      b.setIntraOpParallelismThreads(options.intraOpThreads());
      b.setInterOpParallelismThreads(options.deterministic() ? 1 : options.interOpThreads());
    }
    // Only switches that are set touch the config: an untouched session runs with TensorFlow's own defaults.
    boolean jit = options.jitCompile();
    boolean noRemapping = !options.remapping();
    boolean bf16 = "mixed_bfloat16".equals(options.mixedPrecision());
    if (jit || noRemapping || bf16) {
      GraphOptions.Builder graphOptions = GraphOptions.newBuilder();
      if (jit) {
        graphOptions.setOptimizerOptions(
            OptimizerOptions.newBuilder().setGlobalJitLevel(OptimizerOptions.GlobalJitLevel.ON_1));
      }
      if (noRemapping || bf16) {
        RewriterConfig.Builder rewrites = RewriterConfig.newBuilder();
        if (noRemapping) {
          rewrites.setRemapping(RewriterConfig.Toggle.OFF);
        }
        if (bf16) {
          rewrites.setAutoMixedPrecisionOnednnBfloat16(RewriterConfig.Toggle.ON);
        }
        graphOptions.setRewriteOptions(rewrites);
      }
      b.setGraphOptions(graphOptions);
    }
    if (!options.threadSpinning()) {
      b.setExperimental(ConfigProto.Experimental.newBuilder().setDisableThreadSpinning(true));
    }
    if (options.logDevicePlacement()) {
      b.setLogDevicePlacement(true);
    }
    return b.build();
  }

  private static Class<? extends TType> tfType(DType dtype, String input) {
    return switch (dtype) {
      case FLOAT32 -> TFloat32.class;
      case INT32 -> TInt32.class;
      case INT64 -> TInt64.class;
      default -> throw new IllegalArgumentException("Input '" + input + "' has dtype " + dtype.kerasName()
          + "; the TensorFlow runtime feeds float32, int32 and int64 inputs");
    };
  }

  // ---------------------------------------------------------------- steps

  @Override
  public Map<String, Double> trainStep(Batch batch) {
    checkOpen();
    if (replication != null) {
      checkInputs(batch);
      try {
        return compiled("trainStep").train(this, replication.trainingBatch(batch));
      } catch (RuntimeException e) {
        throw replication.explain(e);
      }
    }
    return compiled("trainStep").train(this, batch);
  }

  @Override
  public Map<String, Double> testStep(Batch batch) {
    checkOpen();
    return compiled("testStep").test(this, batch);
  }

  @Override
  public List<FloatNdArray> predictStep(Batch batch) {
    checkOpen();
    checkInputs(batch);
    List<Tensor> feeds = new ArrayList<>();
    try {
      Session.Runner runner = session.runner();
      feedInputs(runner, batch, feeds);
      for (Operand<TFloat32> p : predictions) {
        runner.fetch(p);
      }
      try (Result r = runner.run()) {
        List<FloatNdArray> out = new ArrayList<>();
        for (int i = 0; i < predictions.size(); i++) {
          out.add(TfTensors.copyOf((TFloat32) r.get(i)));
        }
        return out;
      }
    } catch (RuntimeException e) {
      throw TfErrors.wrap("Model '" + model.name() + "', predict step on a batch of "
          + batch.inputs().get(0).shape().get(0), e);
    } finally {
      feeds.forEach(Tensor::close);
    }
  }

  @Override
  public void resetMetrics() {
    checkOpen();
    if (steps != null) {
      steps.resetMetrics();
    }
  }

  private StepGraph compiled(String what) {
    if (steps == null) {
      throw new IllegalStateException(
          "Model '" + model.name() + "' was lowered without compile arguments: " + what + " needs compile()");
    }
    return steps;
  }

  /**
   * Checks the batch's inputs against the model's: count, dtype, shape, equal batch sizes; throws {@link
   * IllegalArgumentException} naming the input and both shapes, before anything reaches TF.
   */
  long checkInputs(Batch batch) {
    if (batch == null || batch.inputs() == null) {
      throw new IllegalArgumentException("Model '" + model.name() + "': the batch has no inputs");
    }
    if (batch.inputs().size() != inputs.size()) {
      throw new IllegalArgumentException("Model '" + model.name() + "' expects " + inputs.size()
          + " inputs " + inputNames + ", got " + batch.inputs().size() + " arrays");
    }
    long n = -1;
    for (int i = 0; i < inputs.size(); i++) {
      NdArray<?> a = batch.inputs().get(i);
      String what = "Model '" + model.name() + "', input '" + inputNames.get(i) + "'";
      if (a == null) {
        throw new IllegalArgumentException(what + ": array is null");
      }
      if (TfTensors.typeOf(a) == null) {
        throw new IllegalArgumentException(what + ": cannot feed " + a.getClass().getSimpleName()
            + " (shape " + Shapes.format(a.shape()) + "); use float32, float64, int32, int64 or uint8 (byte)"
            + " arrays");
      }
      if (!TfTensors.fits(inputShapes.get(i), a.shape())) {
        throw TfTensors.shapeError(what, inputShapes.get(i), a.shape());
      }
      long b = a.shape().get(0);
      if (n >= 0 && b != n) {
        throw new IllegalArgumentException("Model '" + model.name() + "': inputs have different batch sizes: '"
            + inputNames.get(0) + "' has " + n + ", '" + inputNames.get(i) + "' has " + b);
      }
      n = b;
    }
    return n;
  }

  /** Adds the input feeds; the tensors made are added to {@code owned} for the caller to close. */
  void feedInputs(Session.Runner runner, Batch batch, List<Tensor> owned) {
    for (int i = 0; i < inputs.size(); i++) {
      NdArray<?> a = batch.inputs().get(i);
      Tensor t = TfTensors.toTensor(a);
      owned.add(t);
      runner.feed(inputs.get(i).feedPoint(TfTensors.typeOf(a)), t);
    }
  }

  Session session() {
    return session;
  }

  /**
   * The model's outputs computed by the training pass (dropout active, batch statistics), with no update run:
   * for tests that compare with Keras' {@code model(x, training=True)}. Float outputs only.
   */
  List<FloatNdArray> trainingModeOutputs(Batch batch) {
    checkOpen();
    checkInputs(batch);
    List<Tensor> feeds = new ArrayList<>();
    try {
      Session.Runner runner = session.runner();
      feedInputs(runner, batch, feeds);
      for (Lowered o : trainingOutputs) {
        runner.fetch(o.floatValue());
      }
      try (Result r = runner.run()) {
        List<FloatNdArray> out = new ArrayList<>();
        for (int i = 0; i < trainingOutputs.size(); i++) {
          out.add(TfTensors.copyOf((TFloat32) r.get(i)));
        }
        return out;
      }
    } finally {
      feeds.forEach(Tensor::close);
    }
  }

  private volatile boolean traceSteps;
  private volatile org.tensorflow.proto.RunMetadata lastRunMetadata;

  /**
   * For tests that must show a switch engaged: while on, each train/test step runs with {@code FULL_TRACE} and
   * {@code output_partition_graphs}, and {@link #lastRunMetadata()} holds what TF ran (the graphs after grappler,
   * XLA clustering and the bfloat16 rewrite).
   */
  void traceSteps(boolean on) {
    traceSteps = on;
  }

  boolean tracingSteps() {
    return traceSteps;
  }

  /** The run metadata of the last traced step, or {@code null}. */
  org.tensorflow.proto.RunMetadata lastRunMetadata() {
    return lastRunMetadata;
  }

  void recordRunMetadata(org.tensorflow.proto.RunMetadata metadata) {
    lastRunMetadata = metadata;
  }

  // ---------------------------------------------------------------- weights

  @Override
  public Map<String, float[]> getWeights() {
    checkOpen();
    Map<String, float[]> out = new LinkedHashMap<>();
    if (variables.size() == 0) {
      return out;
    }
    Session.Runner runner = session.runner();
    variables.variables.forEach(runner::fetch);
    try (Result r = runner.run()) {
      for (int i = 0; i < variables.size(); i++) {
        out.put(variables.weights.get(i).path(), TfTensors.values((TFloat32) r.get(i)));
      }
    } catch (RuntimeException e) {
      throw TfErrors.wrap("Model '" + model.name() + "', reading the weights", e);
    }
    return out;
  }

  @Override
  public void setWeights(Map<String, float[]> weights) {
    checkOpen();
    List<Integer> idx = new ArrayList<>();
    List<float[]> values = new ArrayList<>();
    for (Map.Entry<String, float[]> e : weights.entrySet()) {
      int i = variables.indexOf(e.getKey());
      if (i < 0) {
        throw new IllegalArgumentException("Model '" + model.name() + "' has no weight '" + e.getKey()
            + "'; weights: " + variables.paths());
      }
      io.jkeras.Variable w = variables.weights.get(i);
      if (e.getValue() == null || e.getValue().length != w.size()) {
        throw new IllegalArgumentException("Weight '" + e.getKey() + "' of shape " + Shapes.format(w.shape())
            + " needs " + w.size() + " values, got " + (e.getValue() == null ? "null" : e.getValue().length));
      }
      idx.add(i);
      values.add(e.getValue());
    }
    assign(values, idx);
  }

  private List<Integer> allIndices() {
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < variables.size(); i++) {
      all.add(i);
    }
    return all;
  }

  /** Feeds {@code values} into the assign ops of the variables at {@code indices}, in one run. */
  private void assign(List<float[]> values, List<Integer> indices) {
    if (indices.isEmpty()) {
      return;
    }
    List<Tensor> feeds = new ArrayList<>();
    try {
      Session.Runner runner = session.runner();
      for (int k = 0; k < indices.size(); k++) {
        int i = indices.get(k);
        TFloat32 t = TFloat32.tensorOf(variables.weights.get(i).shape(),
            org.tensorflow.ndarray.buffer.DataBuffers.of(values.get(k), true, false));
        feeds.add(t);
        runner.feed(variables.values.get(i), t);
        runner.addTarget(variables.assigns.get(i));
      }
      runner.run().close();
    } catch (RuntimeException e) {
      throw TfErrors.wrap("Model '" + model.name() + "', setting the weights", e);
    } finally {
      feeds.forEach(Tensor::close);
    }
  }

  // ---------------------------------------------------------------- optimizer state

  @Override
  public double learningRate() {
    checkOpen();
    return steps == null ? Double.NaN : steps.learningRate();
  }

  @Override
  public void setLearningRate(double learningRate) {
    checkOpen();
    compiled("setLearningRate").setLearningRate(learningRate);
  }

  @Override
  public long iterations() {
    checkOpen();
    return steps == null ? 0 : steps.iterations();
  }

  // ---------------------------------------------------------------- for export and tools

  /**
   * Writes the model as a SavedModel: a fresh graph holding the inference pass only (Dropout off,
   * BatchNormalization with its moving statistics), the current weights, and a {@code serving_default}
   * signature keyed by the model's input and output names with a dynamic batch dimension.
   */
  @Override
  public void exportSavedModel(java.nio.file.Path dir) throws java.io.IOException {
    checkOpen();
    Map<String, float[]> weights = getWeights();
    try (TfModelRuntime inference = new TfModelRuntime(model, null, options)) {
      inference.setWeights(weights);
      SavedModelExport.write(model, inference, dir);
    }
  }

  /** The TF graph (for export); valid until {@link #close()}. */
  public Graph graph() {
    checkOpen();
    return graph;
  }

  /**
   * The model's inputs in the graph, in input order: feedable nodes named by the input names, of the inputs'
   * dtypes (for export signatures).
   */
  public List<Operand<?>> inputOperands() {
    List<Operand<?>> out = new ArrayList<>();
    inputs.forEach(c -> out.add(c.value()));
    return out;
  }

  /** The inference outputs as float32, in the model's output order. */
  public List<Operand<TFloat32>> inferenceOutputs() {
    return List.copyOf(predictions);
  }

  /** The TF variables, in {@code model.weights()} order. */
  public List<org.tensorflow.op.core.Variable<TFloat32>> variables() {
    return List.copyOf(variables.variables);
  }

  /** The optimizer's slot variables (moments, accumulators) in a stable order; empty when not compiled. */
  public List<org.tensorflow.op.core.Variable<TFloat32>> optimizerVariables() {
    return steps == null ? List.of() : List.copyOf(steps.slotVariables());
  }

  /**
   * Placeholders and assign ops for every slot variable, made before the session starts (so that restoring
   * optimizer state adds nothing to a running graph). Names drop the graph's {@code optimizer/} scope.
   */
  private void addSlotAssigns() {
    Ops init = tf.withSubScope("jkeras_assign_optimizer");
    int i = 0;
    for (org.tensorflow.op.core.Variable<TFloat32> v : steps.slotVariables()) {
      String name = v.op().name();
      name = name.startsWith("optimizer/") ? name.substring("optimizer/".length()) : name;
      org.tensorflow.op.core.Placeholder<TFloat32> value = init.withName("slot_" + i)
          .placeholder(TFloat32.class, org.tensorflow.op.core.Placeholder.shape(v.shape()));
      slots.put(name, v);
      slotValues.put(name, value);
      slotAssigns.put(name, init.withName("slot_" + i + "_assign").assign(v, value));
      i++;
    }
  }

  @Override
  public Map<String, float[]> getOptimizerState() {
    checkOpen();
    Map<String, float[]> out = new LinkedHashMap<>();
    if (slots.isEmpty()) {
      return out;
    }
    Session.Runner runner = session.runner();
    slots.values().forEach(runner::fetch);
    try (Result r = runner.run()) {
      int i = 0;
      for (String name : slots.keySet()) {
        out.put(name, TfTensors.values((TFloat32) r.get(i++)));
      }
    }
    return out;
  }

  /**
   * Saved slot names carry layer names, which differ after a reload when a layer's sublayers take automatic
   * names; Keras keys optimizer variables by position (optimizer/vars/0..n). When every saved name is unknown
   * here but the count matches, the values are taken in order (sizes still checked below).
   */
  private Map<String, float[]> byPositionIfRenamed(Map<String, float[]> state) {
    if (state.size() != slots.size() || slots.keySet().containsAll(state.keySet())) {
      return state;
    }
    Map<String, float[]> out = new LinkedHashMap<>();
    var names = slots.keySet().iterator();
    for (float[] v : state.values()) {
      out.put(names.next(), v);
    }
    return out;
  }

  @Override
  public void setOptimizerState(Map<String, float[]> state) {
    checkOpen();
    compiled("setOptimizerState");
    state = byPositionIfRenamed(state);
    for (Map.Entry<String, float[]> e : state.entrySet()) {
      org.tensorflow.op.core.Variable<TFloat32> v = slots.get(e.getKey());
      if (v == null) {
        throw new IllegalArgumentException("Model '" + model.name() + "': the optimizer has no variable '"
            + e.getKey() + "'; its variables: " + slots.keySet());
      }
      long size = v.shape().size();
      if (e.getValue() == null || e.getValue().length != size) {
        throw new IllegalArgumentException("Optimizer variable '" + e.getKey() + "' of shape "
            + Shapes.format(v.shape()) + " needs " + size + " values, got "
            + (e.getValue() == null ? "null" : e.getValue().length));
      }
    }
    if (state.isEmpty()) {
      return;
    }
    List<Tensor> feeds = new ArrayList<>();
    try {
      Session.Runner runner = session.runner();
      for (Map.Entry<String, float[]> e : state.entrySet()) {
        TFloat32 t = TFloat32.tensorOf(slots.get(e.getKey()).shape(),
            org.tensorflow.ndarray.buffer.DataBuffers.of(e.getValue(), true, false));
        feeds.add(t);
        runner.feed(slotValues.get(e.getKey()), t).addTarget(slotAssigns.get(e.getKey()));
      }
      runner.run().close();
    } finally {
      feeds.forEach(Tensor::close);
    }
  }

  /** Sets the optimizer step counter, for training resumed from a checkpoint (bias corrections, schedules). */
  @Override
  public void setIterations(long iterations) {
    checkOpen();
    compiled("setIterations").setIterations(iterations);
  }

  /** The session (for export and checkpoints); valid until {@link #close()}. */
  public Session tfSession() {
    checkOpen();
    return session;
  }

  // ---------------------------------------------------------------- TensorBoard

  /** An event-file writer for {@code dir}; its {@code graph(step)} writes this runtime's TF graph. */
  @Override
  public io.jkeras.backend.SummaryWriter createSummaryWriter(java.nio.file.Path dir) {
    checkOpen();
    return new TfSummaryWriter(dir, () -> {
      checkOpen();
      return graph.toGraphDef().toByteArray();
    });
  }

  // ---------------------------------------------------------------- lifecycle

  void checkOpen() {
    if (closed) {
      throw new IllegalStateException("The runtime of model '" + model.name() + "' is closed");
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      session.close();
    } finally {
      graph.close();
    }
  }
}
