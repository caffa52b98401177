package io.jkeras.tf;

import io.jkeras.Model;
import io.jkeras.Variable;
import io.jkeras.backend.Batch;
import io.jkeras.backend.CompileConfig;
import io.jkeras.losses.Loss;
import io.jkeras.metrics.Metric;
import io.jkeras.optimizers.Optimizer;
import io.jkeras.tf.lowering.Lowered;
import io.jkeras.tf.train.LoweredOutput;
import io.jkeras.tf.train.MetricLowering;
import io.jkeras.tf.train.OptimizerLowering;
import io.jkeras.tf.train.TfLosses;
import io.jkeras.tf.train.TfMetrics;
import io.jkeras.tf.train.TfGradient;
import io.jkeras.tf.train.TfOptimizers;
import io.jkeras.util.Shapes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.index.Indices;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.PlaceholderWithDefault;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TType;

/**
 * The compiled part of the graph: labels and sample weights, per-output losses (Keras' {@code
 * sum_over_batch_size} with sample weights), the total loss with regularization penalties, metric statistics,
 * gradients ({@code Graph.addGradients}) and the optimizer's update; plus the Java side of Keras' stateful
 * metrics (running means weighted by batch size, as Keras' loss trackers).
 */
final class StepGraph {
  private final Model model;
  private final Optimizer optimizer;
  private final Placeholder<TFloat32> learningRate;
  private final Placeholder<TFloat32> step;
  private final List<Target> targets = new ArrayList<>();
  private final List<Operand<TFloat32>> trainFetches = new ArrayList<>();
  private final List<Operand<TFloat32>> testFetches = new ArrayList<>();
  private final List<Op> trainTargets = new ArrayList<>();
  private final Tracker trainTracker = new Tracker();
  private final Tracker testTracker = new Tracker();
  private final List<org.tensorflow.op.core.Variable<TFloat32>> slotVariables = new ArrayList<>();
  private final PlaceholderWithDefault<TInt64> randomStep;
  private double learningRateOverride = Double.NaN;
  private long iterations;
  /** The user's own training step ({@code Compile.trainStep}), or {@code null} for the compiled losses. */
  private final CustomStep custom;

  private static boolean takesClassIds(Metric m) {
    return m instanceof io.jkeras.metrics.SparseCategoricalAccuracy
        || m instanceof io.jkeras.metrics.SparseTopKCategoricalAccuracy
        || m instanceof io.jkeras.metrics.SparseCategoricalCrossentropy;
  }

  /** One model output as the step sees it. */
  private static final class Target {
    String name;
    CompileConfig.OutputConfig config;
    FeedChain labels;
    PlaceholderWithDefault<TFloat32> sampleWeight;
    Shape outputShape;
    boolean sparse;
    List<MetricLowering> trainMetrics = new ArrayList<>();
    List<MetricLowering> testMetrics = new ArrayList<>();

    /** Labels as fed: the output's shape, or one class index per example for sparse losses. */
    Shape labelShape() {
      return sparse ? Shape.of(java.util.Arrays.copyOf(outputShape.asArray(), outputShape.numDimensions() - 1))
          : outputShape;
    }

    boolean needsLabels() {
      return config.loss() != null || !config.metrics().isEmpty();
    }
  }

  /** Running values since the last reset: the mean losses (weighted by batch size) and the metrics. */
  private final class Tracker {
    double examples;
    double lossSum;
    double[] outputLossSums = new double[targets.size()];

    void reset() {
      examples = 0;
      lossSum = 0;
      outputLossSums = new double[targets.size()];
    }
  }

  StepGraph(Graph graph, Ops root, Model model, CompileConfig compile, TfVariables variables,
      ForwardPass trainingPass, List<Lowered> trainingOutputs, ForwardPass inferencePass,
      List<Lowered> inferenceOutputs, Operand<?> firstInput) {
    this(graph, root, model, compile, variables, trainingPass, trainingOutputs, inferencePass, inferenceOutputs,
        firstInput, null);
  }

  StepGraph(Graph graph, Ops root, Model model, CompileConfig compile, TfVariables variables,
      ForwardPass trainingPass, List<Lowered> trainingOutputs, ForwardPass inferencePass,
      List<Lowered> inferenceOutputs, Operand<?> firstInput, List<Lowered> modelInputs) {
    this(graph, root, model, compile, variables, trainingPass, trainingOutputs, inferencePass, inferenceOutputs,
        firstInput, modelInputs, null);
  }

  /** @param reducer combines the gradients with other processes' before the update, or {@code null} */
  StepGraph(Graph graph, Ops root, Model model, CompileConfig compile, TfVariables variables,
      ForwardPass trainingPass, List<Lowered> trainingOutputs, ForwardPass inferencePass,
      List<Lowered> inferenceOutputs, Operand<?> firstInput, List<Lowered> modelInputs, GradientReducer reducer) {
    this.model = model;
    this.optimizer = compile.optimizer();
    List<String> names = model.outputNames();
    if (compile.outputs().size() != names.size()) {
      throw new IllegalArgumentException("Model '" + model.name() + "' has " + names.size()
          + " outputs " + names + " but the compile arguments describe " + compile.outputs().size());
    }
    Ops tf = root.withSubScope("step");
    this.learningRate = tf.withName("learning_rate").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
    this.step = tf.withName("iteration").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
    // Uniform sample weights unless fed: ones of the runtime batch size.
    Operand<TInt32> batchSize = tf.stridedSlice(tf.shape(firstInput), Indices.sliceTo(1));
    Operand<TFloat32> ones = tf.fill(batchSize, tf.constant(1f));

    for (int i = 0; i < names.size(); i++) {
      Target t = new Target();
      t.name = names.get(i);
      t.config = compile.outputs().get(i);
      t.outputShape = model.outputs().get(i).shape();
      Loss loss = t.config.loss();
      // An output without a loss whose metrics all take class ids (sparse_categorical_accuracy, ...) gets class
      // ids too, as with a sparse loss; otherwise its labels would be fed at the output's shape.
      t.sparse = loss != null ? loss.name().startsWith("sparse")
          : !t.config.metrics().isEmpty() && t.config.metrics().stream().allMatch(StepGraph::takesClassIds);
      Ops ts = tf.withSubScope(validName(t.name));
      if (t.needsLabels()) {
        t.labels = new FeedChain(ts, "labels", t.sparse ? TInt64.class : TFloat32.class, t.labelShape());
        t.sampleWeight = ts.withName("sample_weight").placeholderWithDefault(ones, Shape.of(Shape.UNKNOWN_SIZE));
      }
      targets.add(t);
    }
    trainTracker.reset();
    testTracker.reset();
    if (compile.trainStep() != null) {
      this.custom = new CustomStep(compile.trainStep(), tf);
      custom.build(graph, root, variables, trainingPass, inferencePass, modelInputs);
      this.randomStep = trainingPass.stepIfUsed();
      return;
    }
    this.custom = null;

    Operand<TFloat32> trainLoss = buildLosses(tf.withSubScope("training"), trainingOutputs, trainingPass,
        variables, trainFetches, true);
    Operand<TFloat32> testLoss = buildLosses(tf.withSubScope("inference"), inferenceOutputs, inferencePass,
        variables, testFetches, false);
    trainFetches.add(0, trainLoss);
    testFetches.add(0, testLoss);

    // Gradients of the total loss for the trainable weights, then the optimizer's fused update.
    // Only weights the loss depends on: TF refuses gradients for unreachable ones (Keras warns and skips them,
    // e.g. a branch feeding only an output without loss).
    Set<GraphOperation> lossInputs = dataAncestors(trainLoss);
    List<org.tensorflow.op.core.Variable<TFloat32>> trainable = new ArrayList<>();
    // Per trainable weight: null for a dense gradient, else the row lookups (Embedding) whose rows' gradients
    // make its gradient (Keras' IndexedSlices).
    List<List<ForwardPass.RowLookup>> rowLookups = new ArrayList<>();
    for (Variable w : variables.weights) {
      if (w.trainable() && lossInputs.contains((GraphOperation) variables.of(w).op())) {
        trainable.add(variables.of(w));
        rowLookups.add(readOnlyByLookups(w, variables, trainingPass, lossInputs));
      }
    }
    if (!trainable.isEmpty()) {
      // One gradient call: dense weights directly, looked-up tables through their lookups' rows.
      List<Output<?>> xs = new ArrayList<>();
      for (int i = 0; i < trainable.size(); i++) {
        if (rowLookups.get(i) == null) {
          xs.add(trainable.get(i).asOutput());
        } else {
          rowLookups.get(i).forEach(l -> xs.add(l.rows().asOutput()));
        }
      }
      Output<?>[] grads = graph.addGradients(trainLoss.asOutput(), xs.toArray(new Output<?>[0]));
      List<TfGradient> raw = new ArrayList<>();
      List<Op> barrier = new ArrayList<>();
      int k = 0;
      for (int i = 0; i < trainable.size(); i++) {
        org.tensorflow.op.core.Variable<TFloat32> v = trainable.get(i);
        TfGradient g;
        if (rowLookups.get(i) == null) {
          g = TfGradient.dense(castGradient(tf, grads[k++], v));
        } else {
          List<ForwardPass.RowLookup> ls = rowLookups.get(i);
          g = rowGradient(tf.withSubScope("row_gradients"), v, ls, java.util.Arrays.copyOfRange(grads, k,
              k + ls.size()));
          k += ls.size();
        }
        raw.add(g);
        if (g != null) {
          barrier.add(g.elements());
        }
      }
      if (reducer != null) {
        // MultiWorkerMirroredStrategy: the gradients and the logged loss become those of the global batch
        // (an Embedding's looked-up rows are gathered from every worker, as one process has them)
        Ops rs = tf.withSubScope("all_reduce");
        List<TfGradient> local = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
          TfGradient g = raw.get(i);
          local.add(g == null ? TfGradient.dense(rs.zerosLike(trainable.get(i))) : g);
        }
        GradientReducer.Reduced reduced = reducer.reduce(rs, trainLoss, batchSize, local);
        raw = new ArrayList<>(reduced.gradients());
        trainFetches.set(0, reduced.loss());
      }
      // Ref variables are read when an op runs: without this barrier the update of one weight could run
      // before a backward op that still reads it (dL/dh = dy . W^T), making steps racy and irreproducible.
      // Every gradient must exist before any weight changes.
      Ops after = tf.withSubScope("gradients_ready").withControlDependencies(barrier);
      List<TfGradient> gradients = new ArrayList<>();
      for (TfGradient g : raw) {
        gradients.add(g == null ? null : g.map(after::identity));
      }
      OptimizerLowering lowering = TfOptimizers.create(optimizer);
      Op update = lowering.applyGradients(root.withSubScope("optimizer"), trainable, gradients, learningRate,
          step);
      slotVariables.addAll(lowering.slotVariables());
      // Constraints project the updated weights, as Keras applies them right after the optimizer step.
      trainTargets.add(update);
      trainTargets.addAll(projections(root, variables,
          variables.weights.stream().filter(Variable::trainable).toList(), update));
    }
    trainTargets.addAll(trainingPass.updates());
    this.randomStep = trainingPass.stepIfUsed();
  }

  /**
   * Constraints project the updated weights, as Keras applies them right after the optimizer step: one assign per
   * weight of {@code weights} that has a constraint, run after {@code update}.
   */
  private static List<Op> projections(Ops root, TfVariables variables, List<Variable> weights, Op update) {
    Ops cs = root.withSubScope("constraints").withControlDependencies(List.of(update));
    List<Op> out = new ArrayList<>();
    for (Variable w : weights) {
      if (w.constraint().isPresent()) {
        var v = variables.of(w);
        out.add(cs.assign(v, TfConstraints.project(cs, w.constraint().get(), v, w.path())));
      }
    }
    return out;
  }

  /** The operations {@code y} depends on through data edges. */
  private static Set<GraphOperation> dataAncestors(Operand<?> y) {
    Set<GraphOperation> seen = new HashSet<>();
    Deque<GraphOperation> todo = new ArrayDeque<>();
    todo.push((GraphOperation) y.op());
    while (!todo.isEmpty()) {
      GraphOperation op = todo.pop();
      if (seen.add(op)) {
        for (Operand<?> in : op.inputs()) {
          todo.push((GraphOperation) in.op());
        }
      }
    }
    return seen;
  }

  /**
   * The row lookups of {@code w} in the training pass if the loss reads {@code w} through them only (so that Keras
   * on TensorFlow would get its gradient as an IndexedSlices), else {@code null} (a dense gradient: a weight read
   * otherwise, as a regularized Embedding's table is read by its penalty, gets a dense one in Keras too).
   */
  private static List<ForwardPass.RowLookup> readOnlyByLookups(Variable w, TfVariables variables,
      ForwardPass pass, Set<GraphOperation> lossInputs) {
    List<ForwardPass.RowLookup> used = new ArrayList<>();
    Set<GraphOperation> lookupOps = new HashSet<>();
    for (ForwardPass.RowLookup l : pass.lookups(w)) {
      if (lossInputs.contains((GraphOperation) l.rows().op())) {
        used.add(l);
        lookupOps.add((GraphOperation) l.rows().op());
      }
    }
    Operand<TFloat32> read = pass.readOf(w);
    if (used.isEmpty() || read == null) {
      return null;
    }
    GraphOperation varOp = (GraphOperation) variables.of(w).op();
    GraphOperation readOp = (GraphOperation) read.op();
    for (GraphOperation op : lossInputs) {
      for (Operand<?> in : op.inputs()) {
        // GraphOperation wrappers are made afresh per call: compare with equals (the native op), not ==.
        if ((in.op().equals(varOp) && !op.equals(readOp)) || (in.op().equals(readOp) && !lookupOps.contains(op))) {
          return null;
        }
      }
    }
    return used;
  }

  /**
   * The gradient of a table from the gradients of its lookups' rows: every looked-up row with its id, repeated
   * ids kept apart, as TensorFlow's IndexedSlices; {@code null} if no lookup gets a gradient.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static TfGradient rowGradient(Ops tf, org.tensorflow.op.core.Variable<TFloat32> table,
      List<ForwardPass.RowLookup> lookups, Output<?>[] rowGrads) {
    long[] dims = table.shape().asArray();
    long[] rowShape = dims.clone();
    rowShape[0] = -1;
    Operand<TInt64> valuesShape = tf.constant(rowShape);
    Operand<TInt64> flat = tf.constant(new long[] {-1});
    List<Operand<TFloat32>> values = new ArrayList<>();
    List<Operand<?>> ids = new ArrayList<>();
    for (int i = 0; i < lookups.size(); i++) {
      if (rowGrads[i] != null) {
        values.add(tf.reshape((Operand<TFloat32>) rowGrads[i], valuesShape));
        ids.add(tf.reshape(lookups.get(i).ids(), flat));
      }
    }
    if (values.isEmpty()) {
      return null;
    }
    if (values.size() == 1) {
      return TfGradient.rows((Operand) ids.get(0), values.get(0), dims[0]);
    }
    boolean sameType = ids.stream().allMatch(x -> x.type() == ids.get(0).type());
    List<Operand<?>> idList = new ArrayList<>();
    for (Operand<?> x : ids) {
      idList.add(sameType ? x : tf.dtypes.cast((Operand) x, TInt64.class));
    }
    Operand<TInt32> axis0 = tf.constant(0);
    return TfGradient.rows(tf.concat((Iterable) idList, axis0), tf.concat(values, axis0), dims[0]);
  }

  @SuppressWarnings("unchecked")
  private static Operand<TFloat32> castGradient(Ops tf, Output<?> g, org.tensorflow.op.core.Variable<TFloat32> v) {
    if (g == null) {
      // A weight the loss does not depend on: a zero gradient, as Keras would warn and skip.
      return tf.zerosLike(v);
    }
    return (Operand<TFloat32>) g;
  }

  private static String validName(String name) {
    return org.tensorflow.op.Scope.isValidOpName(name) ? name : "output";
  }

  /** Per-output losses and metric statistics of one forward pass; returns the total loss. */
  private Operand<TFloat32> buildLosses(Ops tf, List<Lowered> outputs, ForwardPass pass,
      TfVariables variables, List<Operand<TFloat32>> fetches, boolean training) {
    List<Operand<TFloat32>> terms = new ArrayList<>();
    List<Operand<TFloat32>> metricStats = new ArrayList<>();
    for (int i = 0; i < targets.size(); i++) {
      Target t = targets.get(i);
      if (!t.needsLabels()) {
        continue;
      }
      Lowered out = outputs.get(i);
      Ops os = tf.withSubScope(validName(t.name));
      Operand<TFloat32> value = out.value().type() == TFloat32.class ? out.floatValue()
          : os.dtypes.cast(out.value(), TFloat32.class);
      // The output's mask (Keras' _keras_mask) weighs the loss and the mean metrics, as in Keras 3.
      LoweredOutput lowered = new LoweredOutput(value, out.activation(), out.preActivation(), out.mask());
      Operand<?> yTrue = t.labels.value();
      if (t.config.loss() != null) {
        // Keras' sum_over_batch_size: sum(loss * sample_weight) / number of values (unmasked values with a mask).
        Operand<TFloat32> mean = os.withName("loss").identity(
            TfLosses.sumOverBatchSize(os, t.config.loss(), yTrue, lowered, t.sampleWeight));
        fetches.add(mean);
        // A loss weight of 1 (the default) adds no multiply, forward or backward.
        float lossWeight = (float) t.config.lossWeight();
        terms.add(lossWeight == 1f ? mean : os.math.mul(mean, os.constant(lossWeight)));
      }
      for (Metric m : t.config.metrics()) {
        MetricLowering ml = TfMetrics.create(os.withSubScope(validName(m.name())), m, yTrue, lowered, t.sampleWeight);
        (training ? t.trainMetrics : t.testMetrics).add(ml);
        metricStats.addAll(ml.batchStatistics());
      }
    }
    Ops rs = tf.withSubScope("regularization");
    terms.addAll(TfRegularizers.penalties(rs, variables));
    terms.addAll(pass.losses());
    Operand<TFloat32> total = terms.isEmpty() ? tf.constant(0f)
        : terms.size() == 1 ? terms.get(0) : tf.math.addN(terms);
    fetches.addAll(metricStats);
    return tf.withName("total_loss").identity(total);
  }

  // ---------------------------------------------------------------- steps

  Map<String, Double> train(TfModelRuntime rt, Batch batch) {
    return run(rt, batch, true);
  }

  Map<String, Double> test(TfModelRuntime rt, Batch batch) {
    return run(rt, batch, false);
  }

  private Map<String, Double> run(TfModelRuntime rt, Batch batch, boolean training) {
    long n = rt.checkInputs(batch);
    if (custom == null) {
      checkTargets(batch, n);
    }
    List<Tensor> feeds = new ArrayList<>();
    try {
      Session.Runner runner = rt.session().runner();
      rt.feedInputs(runner, batch, feeds);
      if (custom != null) {
        custom.feedTargets(runner, batch, feeds);
      } else {
        feedTargets(runner, batch, feeds);
        for (Target t : targets) {
          for (MetricLowering m : training ? t.trainMetrics : t.testMetrics) {
            m.feed(runner, feeds);
          }
        }
      }
      List<Operand<TFloat32>> fetches = training ? trainFetches : testFetches;
      if (training) {
        TFloat32 lr = TFloat32.scalarOf((float) learningRateAt(iterations));
        feeds.add(lr);
        TFloat32 it = TFloat32.scalarOf((float) (iterations + 1));
        feeds.add(it);
        runner.feed(learningRate, lr).feed(step, it);
        if (randomStep != null) {
          TInt64 rs = TInt64.scalarOf(iterations + 1);
          feeds.add(rs);
          runner.feed(randomStep, rs);
        }
        trainTargets.forEach(runner::addTarget);
      }
      fetches.forEach(runner::fetch);
      boolean trace = rt.tracingSteps();
      if (trace) {
        runner.setOptions(org.tensorflow.proto.RunOptions.newBuilder()
            .setTraceLevel(org.tensorflow.proto.RunOptions.TraceLevel.FULL_TRACE).setOutputPartitionGraphs(true)
            .build());
      }
      try (Result r = trace ? runner.runAndFetchMetadata() : runner.run()) {
        if (trace) {
          rt.recordRunMetadata(r.getMetadata().orElse(null));
        }
        if (training) {
          iterations++;
        }
        return custom != null ? custom.accumulate(r, training) : accumulate(r, training, n);
      }
    } catch (RuntimeException e) {
      throw TfErrors.wrap("Model '" + model.name() + "', " + (training ? "train" : "test") + " step on a batch of "
          + n, e);
    } finally {
      feeds.forEach(Tensor::close);
    }
  }

  private Map<String, Double> accumulate(Result r, boolean training, long n) {
    Tracker tr = training ? trainTracker : testTracker;
    int k = 0;
    tr.examples += n;
    tr.lossSum += n * (double) ((TFloat32) r.get(k++)).getFloat();
    for (int i = 0; i < targets.size(); i++) {
      Target t = targets.get(i);
      if (t.needsLabels() && t.config.loss() != null) {
        tr.outputLossSums[i] += n * (double) ((TFloat32) r.get(k++)).getFloat();
      }
    }
    for (Target t : targets) {
      for (MetricLowering m : training ? t.trainMetrics : t.testMetrics) {
        List<float[]> stats = new ArrayList<>();
        for (int s = 0; s < m.batchStatistics().size(); s++) {
          stats.add(TfTensors.values((TFloat32) r.get(k++)));
        }
        m.accumulate(stats);
      }
    }
    return logs(training);
  }

  private Map<String, Double> logs(boolean training) {
    Tracker tr = training ? trainTracker : testTracker;
    Map<String, Double> logs = new LinkedHashMap<>();
    boolean several = targets.size() > 1;
    logs.put("loss", tr.examples == 0 ? 0.0 : tr.lossSum / tr.examples);
    // Keras' order: the loss, the compiled metrics, then (several outputs) each output's unweighted loss.
    for (Target t : targets) {
      List<MetricLowering> ms = training ? t.trainMetrics : t.testMetrics;
      for (int m = 0; m < ms.size(); m++) {
        String name = t.config.metrics().get(m).name();
        logs.put(several ? t.name + "_" + name : name, ms.get(m).result());
      }
    }
    // Keras tracks each output's loss only when there is more than one loss.
    if (targets.stream().filter(t -> t.config.loss() != null).count() > 1) {
      for (int i = 0; i < targets.size(); i++) {
        Target t = targets.get(i);
        if (t.config.loss() != null) {
          logs.put(t.name + "_loss", tr.examples == 0 ? 0.0 : tr.outputLossSums[i] / tr.examples);
        }
      }
    }
    return logs;
  }

  void resetMetrics() {
    if (custom != null) {
      custom.reset();
    }
    trainTracker.reset();
    testTracker.reset();
    for (Target t : targets) {
      t.trainMetrics.forEach(MetricLowering::reset);
      t.testMetrics.forEach(MetricLowering::reset);
    }
  }

  // ---------------------------------------------------------------- a training step of the user's own

  /**
   * {@code Compile.trainStep}: the user's step traced twice (training: with gradients and optimizer updates;
   * evaluation: without) on the model's inputs and the targets, lowered through the passes; each logged scalar
   * is kept as its mean over the batches since the last reset (Keras' {@code Mean} trackers).
   */
  private final class CustomStep {
    private final io.jkeras.training.TrainStep userStep;
    private final Ops tf;
    private final List<FeedChain> labels = new ArrayList<>();
    private final List<String> trainNames = new ArrayList<>();
    private final List<String> testNames = new ArrayList<>();
    private double[] trainSums;
    private double[] testSums;
    private long trainBatches;
    private long testBatches;

    CustomStep(io.jkeras.training.TrainStep userStep, Ops tf) {
      this.userStep = userStep;
      this.tf = tf;
    }

    void build(Graph graph, Ops root, TfVariables variables, ForwardPass trainingPass, ForwardPass inferencePass,
        List<Lowered> modelInputs) {
      Ops ls = tf.withSubScope("targets");
      for (int i = 0; i < model.outputs().size(); i++) {
        labels.add(new FeedChain(ls, "labels_" + i, TFloat32.class, model.outputs().get(i).shape()));
      }
      trace(root, variables, inferencePass, modelInputs, false, testNames, testFetches);
      trace(root, variables, trainingPass, modelInputs, true, trainNames, trainFetches);
      trainSums = new double[trainNames.size()];
      testSums = new double[testNames.size()];
    }

    private void trace(Ops root, TfVariables variables, ForwardPass pass, List<Lowered> modelInputs,
        boolean training, List<String> names, List<Operand<TFloat32>> fetches) {
      List<Shape> shapes = new ArrayList<>();
      List<io.jkeras.DType> dtypes = new ArrayList<>();
      for (io.jkeras.SymbolicTensor t : model.inputs()) {
        shapes.add(t.shape());
        dtypes.add(t.dtype());
      }
      for (io.jkeras.SymbolicTensor t : model.outputs()) {
        shapes.add(t.shape());
        dtypes.add(io.jkeras.DType.FLOAT32);
      }
      int nIn = model.inputs().size();
      String what = "the train step of model '" + model.name() + "'";
      io.jkeras.training.StepContext[] context = new io.jkeras.training.StepContext[1];
      io.jkeras.ops.OpTrace.Result r = io.jkeras.ops.OpTrace.traceFunction(what, shapes, dtypes, training, ins -> {
        context[0] = new io.jkeras.training.StepContext(model, ins.subList(0, nIn), ins.subList(nIn, ins.size()),
            training, optimizer);
        Map<String, io.jkeras.SymbolicTensor> logs = userStep.step(context[0]);
        if (logs == null || logs.isEmpty()) {
          throw new IllegalStateException(what + " returned no logs; return at least {\"loss\": ...}");
        }
        List<io.jkeras.SymbolicTensor> out = new ArrayList<>();
        for (Map.Entry<String, io.jkeras.SymbolicTensor> e : logs.entrySet()) {
          if (e.getValue() == null || e.getValue().rank() != 0) {
            throw new IllegalArgumentException(what + ": log '" + e.getKey() + "' must be a scalar, got "
                + (e.getValue() == null ? "null" : Shapes.format(e.getValue().shape())));
          }
          names.add(e.getKey());
          out.add(e.getValue());
        }
        return out;
      });
      Map<io.jkeras.SymbolicTensor, Lowered> values = new java.util.IdentityHashMap<>();
      for (int i = 0; i < nIn; i++) {
        values.put(r.inputs().get(i), modelInputs.get(i));
      }
      for (int i = 0; i < labels.size(); i++) {
        values.put(r.inputs().get(nIn + i), Lowered.of(labels.get(i).value()));
      }
      Ops ms = root.withSubScope(training ? "train_step" : "test_step");
      for (io.jkeras.SymbolicTensor t : r.outputs()) {
        Operand<?> v = pass.lowerTensor(t, values, what).value();
        fetches.add(ms.identity(v.type() == TFloat32.class ? (Operand<TFloat32>) v : ms.dtypes.cast(v, TFloat32.class)));
      }
      if (!training) {
        return;
      }
      // every gradient of the step before any update (as the compiled step's barrier)
      List<List<Operand<TFloat32>>> raw = new ArrayList<>();
      List<Op> barrier = new ArrayList<>();
      for (io.jkeras.training.StepContext.Update u : context[0].updates()) {
        List<Operand<TFloat32>> gs = new ArrayList<>();
        for (io.jkeras.SymbolicTensor g : u.gradients()) {
          Operand<?> v = pass.lowerTensor(g, values, what).value();
          Operand<TFloat32> gf = v.type() == TFloat32.class ? (Operand<TFloat32>) v : ms.dtypes.cast(v, TFloat32.class);
          gs.add(gf);
          barrier.add(gf);
        }
        raw.add(gs);
      }
      Ops after = ms.withSubScope("gradients_ready").withControlDependencies(barrier);
      int k = 0;
      for (io.jkeras.training.StepContext.Update u : context[0].updates()) {
        List<org.tensorflow.op.core.Variable<TFloat32>> vars = new ArrayList<>();
        List<Operand<TFloat32>> grads = new ArrayList<>();
        for (int i = 0; i < u.weights().size(); i++) {
          vars.add(variables.of(u.weights().get(i)));
          grads.add(after.identity(raw.get(k).get(i)));
        }
        boolean compiled = u.optimizer() == optimizer;
        Operand<TFloat32> lr = compiled ? learningRate : root.constant((float) u.optimizer().learningRate());
        OptimizerLowering lowering = TfOptimizers.create(u.optimizer());
        Op update = lowering.apply(root.withSubScope(k == 0 ? "optimizer" : "optimizer_" + k), vars, grads, lr, step);
        slotVariables.addAll(lowering.slotVariables());
        trainTargets.add(update);
        trainTargets.addAll(projections(root, variables, u.weights(), update));
        k++;
      }
      trainTargets.addAll(pass.updates());
    }

    void feedTargets(Session.Runner runner, Batch batch, List<Tensor> owned) {
      List<? extends NdArray<?>> ys = batch.targets() == null ? List.of() : batch.targets();
      for (int i = 0; i < labels.size() && i < ys.size(); i++) {
        NdArray<?> y = ys.get(i);
        if (y == null) {
          continue;
        }
        Tensor t = TfTensors.toTensor(y);
        owned.add(t);
        runner.feed(labels.get(i).feedPoint(TfTensors.typeOf(y)), t);
      }
    }

    Map<String, Double> accumulate(Result r, boolean training) {
      double[] sums = training ? trainSums : testSums;
      List<String> names = training ? trainNames : testNames;
      for (int i = 0; i < names.size(); i++) {
        sums[i] += ((TFloat32) r.get(i)).getFloat();
      }
      long batches = training ? ++trainBatches : ++testBatches;
      Map<String, Double> logs = new LinkedHashMap<>();
      for (int i = 0; i < names.size(); i++) {
        logs.put(names.get(i), sums[i] / batches);
      }
      return logs;
    }

    void reset() {
      java.util.Arrays.fill(trainSums, 0);
      java.util.Arrays.fill(testSums, 0);
      trainBatches = 0;
      testBatches = 0;
    }
  }

  // ---------------------------------------------------------------- labels

  private void checkTargets(Batch batch, long n) {
    List<? extends NdArray<?>> ys = batch.targets() == null ? List.of() : batch.targets();
    for (int i = 0; i < targets.size(); i++) {
      Target t = targets.get(i);
      String what = "Model '" + model.name() + "', targets of output '" + t.name + "'";
      NdArray<?> y = i < ys.size() ? ys.get(i) : null;
      if (t.needsLabels()) {
        if (y == null) {
          throw new IllegalArgumentException(what + ": missing; the output has a loss or metrics (expected shape "
              + Shapes.format(t.outputShape) + ")");
        }
        if (TfTensors.typeOf(y) == null) {
          throw new IllegalArgumentException(what + ": cannot feed " + y.getClass().getSimpleName()
              + "; use float32, float64, int32, int64 or uint8 (byte) arrays");
        }
        checkLabelShape(t, y, what);
        if (y.shape().get(0) != n) {
          throw new IllegalArgumentException(what + ": " + y.shape().get(0) + " examples, but the inputs have "
              + n + " (target shape " + Shapes.format(y.shape()) + ")");
        }
      }
      List<? extends FloatNdArray> sws = batch.sampleWeights() == null ? List.of() : batch.sampleWeights();
      FloatNdArray sw = i < sws.size() ? sws.get(i) : null;
      if (sw != null && (sw.shape().numDimensions() != 1 || sw.shape().get(0) != n)) {
        throw new IllegalArgumentException("Model '" + model.name() + "', sample weights of output '" + t.name
            + "': expected shape (" + n + "), got " + Shapes.format(sw.shape()));
      }
    }
  }

  private static void checkLabelShape(Target t, NdArray<?> y, String what) {
    Shape out = t.outputShape;
    Shape got = y.shape();
    int outRank = out.numDimensions();
    if (got.numDimensions() < 1) {
      throw TfTensors.shapeError(what, out, got);
    }
    if (t.sparse) {
      // Sparse labels: one class index per example, (batch) or (batch, 1) for a (batch, classes) output.
      boolean ok = (got.numDimensions() == outRank - 1 && TfTensors.fits(t.labelShape(), got))
          || (got.numDimensions() == outRank && got.get(outRank - 1) == 1
              && TfTensors.fits(t.labelShape(), Shape.of(java.util.Arrays.copyOf(got.asArray(), outRank - 1))));
      if (!ok) {
        throw new IllegalArgumentException(what + ": sparse labels need shape "
            + Shapes.format(Shapes.withDim(out, outRank - 1, 1)) + " or one dimension less, got "
            + Shapes.format(got));
      }
      return;
    }
    if (TfTensors.fits(out, got)) {
      return;
    }
    if (got.numDimensions() == outRank - 1 && out.get(outRank - 1) == 1
        && TfTensors.fits(Shape.of(java.util.Arrays.copyOf(out.asArray(), outRank - 1)), got)) {
      return; // (batch) labels for a (batch, 1) output, expanded when fed
    }
    throw TfTensors.shapeError(what, out, got);
  }

  private void feedTargets(Session.Runner runner, Batch batch, List<Tensor> owned) {
    for (int i = 0; i < targets.size(); i++) {
      Target t = targets.get(i);
      if (!t.needsLabels()) {
        continue;
      }
      NdArray<?> y = batch.targets().get(i);
      // (batch) labels for a (batch, 1) output gain an axis; (batch, 1) sparse labels lose one.
      Shape want = t.labelShape();
      int rank = want.numDimensions();
      Tensor tensor;
      if (y.shape().numDimensions() == rank + 1) {
        tensor = TfTensors.toTensor(y, Shape.of(java.util.Arrays.copyOf(y.shape().asArray(), rank)));
      } else if (y.shape().numDimensions() == rank - 1) {
        long[] dims = java.util.Arrays.copyOf(y.shape().asArray(), rank);
        dims[rank - 1] = 1;
        tensor = TfTensors.toTensor(y, Shape.of(dims));
      } else {
        tensor = TfTensors.toTensor(y);
      }
      owned.add(tensor);
      runner.feed(t.labels.feedPoint(TfTensors.typeOf(y)), tensor);
      List<? extends FloatNdArray> sws = batch.sampleWeights() == null ? List.of() : batch.sampleWeights();
      FloatNdArray sw = i < sws.size() ? sws.get(i) : null;
      if (sw != null) {
        Tensor w = TfTensors.toTensor(sw);
        owned.add(w);
        runner.feed(t.sampleWeight, w);
      }
    }
  }

  // ---------------------------------------------------------------- learning rate

  private double learningRateAt(long iteration) {
    if (!Double.isNaN(learningRateOverride)) {
      return learningRateOverride;
    }
    return optimizer.schedule().map(s -> s.at(iteration)).orElse(optimizer.learningRate());
  }

  double learningRate() {
    return learningRateAt(iterations);
  }

  void setLearningRate(double lr) {
    if (!(lr >= 0) || Double.isInfinite(lr)) {
      throw new IllegalArgumentException("learning_rate must be a finite number >= 0, got " + lr);
    }
    learningRateOverride = lr;
  }

  long iterations() {
    return iterations;
  }

  /** Sets the step counter (when training resumes from saved optimizer state). */
  void setIterations(long n) {
    if (n < 0) {
      throw new IllegalArgumentException("iterations must be >= 0, got " + n);
    }
    iterations = n;
  }

  List<org.tensorflow.op.core.Variable<TFloat32>> slotVariables() {
    return slotVariables;
  }
}
