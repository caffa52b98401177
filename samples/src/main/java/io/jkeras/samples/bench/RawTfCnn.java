package io.jkeras.samples.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.nn.SparseSoftmaxCrossEntropyWithLogits;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.proto.StepStats;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The seed CNN written by hand in raw TensorFlow Java ops, the baseline jkeras is measured against: conv2d +
 * biasAdd + relu, maxPool, reshape, matMul; mean sparse softmax cross-entropy whose backward pass is seeded at
 * the logits with the op's own {@code backprop} output (TF's C++ registry has no gradient for it); Adam with TF's
 * fused {@code ApplyAdam} (Keras' defaults), beta powers fed from Java. One {@code Session.run} per step.
 */
public final class RawTfCnn implements AutoCloseable {
  /** Weight shapes in jkeras' {@code model.weights()} order for the seed CNN. */
  public static final List<Shape> WEIGHT_SHAPES = weightShapes(64);
  private static final float LEARNING_RATE = 1e-3f;
  private static final float BETA_1 = 0.9f;
  private static final float BETA_2 = 0.999f;
  private static final float EPSILON = 1e-7f;

  /**
   * The graph's ops. {@code PLAIN}: what TF Java's {@code Ops} API gives a hand-written graph ({@code tf.nn.maxPool}
   * builds {@code MaxPoolV2}; conv2d, biasAdd and relu stay three ops because the C++ Relu gradient reads the
   * Relu's input). {@code TUNED}: the ops jkeras lowers the same layers to — {@code MaxPool} with a static window
   * (oneDNN runs its gradient) and {@code _FusedConv2D} with a gradient that reads the Relu's output — so that
   * jkeras' own overhead can be measured against a hand-written graph of the same ops.
   */
  public enum GraphOps {
    PLAIN,
    TUNED
  }

  private final Graph graph = new Graph();
  private final GraphOps variant;
  private final Session session;
  private final Placeholder<TFloat32> images;
  private final Placeholder<TInt32> labels;
  private final Placeholder<TFloat32> beta1Power;
  private final Placeholder<TFloat32> beta2Power;
  private final Operand<TFloat32> loss;
  private final Operand<TFloat32> probabilities;
  private final List<Op> updates = new ArrayList<>();
  private final List<Shape> weightShapes;
  private long step;
  // In-graph data (optional): the whole training set in two variables, a step feeds only its first index.
  private Placeholder<TInt32> start;
  private Placeholder<TFloat32> allImages;
  private Placeholder<TInt32> allLabels;
  private Op loadData;
  private int inGraphBatch;

  /** Weight shapes of the seed CNN with {@code units} in its hidden Dense layer (64 in the seed program). */
  public static List<Shape> weightShapes(int units) {
    return List.of(Shape.of(3, 3, 1, 32), Shape.of(32), Shape.of(3, 3, 32, 64), Shape.of(64),
        Shape.of(1600, units), Shape.of(units), Shape.of(units, 10), Shape.of(10));
  }

  /** @param initialWeights values in {@link #WEIGHT_SHAPES} order (the same start as the jkeras model) */
  public RawTfCnn(List<float[]> initialWeights, int threads) {
    this(initialWeights, ConfigProto.newBuilder().setUsePerSessionThreads(true)
        .setIntraOpParallelismThreads(threads).setInterOpParallelismThreads(threads).build());
  }

  /** The same graph run by a session with {@code config} (threads, grappler and XLA switches). */
  public RawTfCnn(List<float[]> initialWeights, ConfigProto config) {
    this(initialWeights, config, 64, 0, 0);
  }

  /**
   * The graph with {@code units} in the hidden Dense layer; with {@code inGraphBatch > 0} it also holds a
   * training set of {@code inGraphExamples} images in variables (see {@link #loadData}) and {@link #stepAt}
   * slices batches of that size inside the graph (such a graph trains only through {@link #stepAt}).
   */
  public RawTfCnn(List<float[]> initialWeights, ConfigProto config, int units, int inGraphBatch,
      long inGraphExamples) {
    this(initialWeights, config, units, inGraphBatch, inGraphExamples, GraphOps.PLAIN);
  }

  /** The seed CNN built from the {@code variant}'s ops. */
  public RawTfCnn(List<float[]> initialWeights, ConfigProto config, GraphOps variant) {
    this(initialWeights, config, 64, 0, 0, variant);
  }

  /** The full form: hidden units, optional in-graph data, and which ops build the graph. */
  public RawTfCnn(List<float[]> initialWeights, ConfigProto config, int units, int inGraphBatch,
      long inGraphExamples, GraphOps variant) {
    this.variant = variant;
    if (variant == GraphOps.TUNED) {
      TunedOps.registerGradient();
    }
    this.weightShapes = weightShapes(units);
    this.inGraphBatch = inGraphBatch;
    try {
      Ops tf = Ops.create(graph);
      images = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 28, 28, 1)));
      labels = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
      Operand<TFloat32> xIn = images;
      Operand<TInt32> yIn = labels;
      if (inGraphBatch > 0) {
        allImages = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(inGraphExamples, 28, 28, 1)));
        allLabels = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(inGraphExamples)));
        Variable<TFloat32> dataX = tf.variable(Shape.of(inGraphExamples, 28, 28, 1), TFloat32.class);
        Variable<TInt32> dataY = tf.variable(Shape.of(inGraphExamples), TInt32.class);
        loadData = tf.withControlDependencies(List.of(tf.assign(dataX, allImages), tf.assign(dataY, allLabels)))
            .noOp();
        start = tf.placeholder(TInt32.class, Placeholder.shape(Shape.scalar()));
        xIn = tf.slice(dataX, tf.stack(List.of(start, tf.constant(0), tf.constant(0), tf.constant(0))),
            tf.constant(new int[] {inGraphBatch, 28, 28, 1}));
        yIn = tf.slice(dataY, tf.reshape(start, tf.constant(new int[] {1})), tf.constant(new int[] {inGraphBatch}));
      }
      beta1Power = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
      beta2Power = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
      List<Variable<TFloat32>> vars = new ArrayList<>();
      List<Operand<TFloat32>> reads = new ArrayList<>();
      for (int i = 0; i < weightShapes.size(); i++) {
        Shape s = weightShapes.get(i);
        Variable<TFloat32> v = tf.withInitScope().variable(tf.withInitScope().constant(s,
            DataBuffers.of(initialWeights.get(i), true, false)));
        vars.add(v);
        // Read through Identity: C++ gradients of some ops crash on ref inputs (see docs/ARCHITECTURE.md).
        reads.add(tf.identity(v));
      }
      Operand<TFloat32> x = convRelu(tf, xIn, reads.get(0), reads.get(1));
      x = pool(tf, x);
      x = convRelu(tf, x, reads.get(2), reads.get(3));
      x = pool(tf, x);
      x = tf.reshape(x, tf.constant(new int[] {-1, 1600}));
      x = tf.nn.relu(tf.nn.biasAdd(tf.linalg.matMul(x, reads.get(4)), reads.get(5)));
      Operand<TFloat32> logits = tf.nn.biasAdd(tf.linalg.matMul(x, reads.get(6)), reads.get(7));
      probabilities = tf.nn.softmax(logits);
      SparseSoftmaxCrossEntropyWithLogits<TFloat32> xent = tf.nn.sparseSoftmaxCrossEntropyWithLogits(logits, yIn);
      loss = tf.math.mean(xent.loss(), tf.constant(0));
      Operand<TFloat32> batch = tf.dtypes.cast(tf.shape.size(tf.shape(yIn)), TFloat32.class);
      Gradients grads = tf.gradients(logits, reads, Gradients.dx(List.of(tf.math.div(xent.backprop(), batch))));
      List<Op> raw = new ArrayList<>();
      for (int i = 0; i < reads.size(); i++) {
        @SuppressWarnings("unchecked")
        Operand<TFloat32> g = (Operand<TFloat32>) (Operand<?>) grads.dy(i);
        raw.add(tf.identity(g));
      }
      // Updates wait for every gradient, so no weight changes before the backward pass has read it.
      Ops after = tf.withControlDependencies(raw);
      for (int i = 0; i < vars.size(); i++) {
        Shape s = weightShapes.get(i);
        Variable<TFloat32> m = tf.withInitScope().variable(tf.withInitScope().zeros(tf.constant(s), TFloat32.class));
        Variable<TFloat32> v = tf.withInitScope().variable(tf.withInitScope().zeros(tf.constant(s), TFloat32.class));
        @SuppressWarnings("unchecked")
        Operand<TFloat32> g = after.identity((Operand<TFloat32>) raw.get(i));
        updates.add(after.train.applyAdam(vars.get(i), m, v, beta1Power, beta2Power, tf.constant(LEARNING_RATE),
            tf.constant(BETA_1), tf.constant(BETA_2), tf.constant(EPSILON), g));
      }
      session = new Session(graph, config);
      session.initialize();
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  private Operand<TFloat32> convRelu(Ops tf, Operand<TFloat32> x, Operand<TFloat32> k, Operand<TFloat32> b) {
    if (variant == GraphOps.TUNED) {
      return TunedOps.convBiasRelu(tf, x, k, b);
    }
    return tf.nn.relu(tf.nn.biasAdd(tf.nn.conv2d(x, k, Arrays.asList(1L, 1L, 1L, 1L), "VALID"), b));
  }

  private Operand<TFloat32> pool(Ops tf, Operand<TFloat32> x) {
    if (variant == GraphOps.TUNED) {
      return TunedOps.maxPool2x2(tf, x);
    }
    return tf.nn.maxPool(x, tf.constant(new int[] {1, 2, 2, 1}), tf.constant(new int[] {1, 2, 2, 1}), "VALID");
  }

  /** Copies the training set into the graph's data variables (in-graph mode), once. */
  public void loadData(FloatNdArray x, IntNdArray y) {
    if (inGraphBatch <= 0) {
      throw new IllegalStateException("this graph was built without in-graph data");
    }
    try (TFloat32 xt = TFloat32.tensorOf(x.shape(), x::copyTo);
        TInt32 yt = TInt32.tensorOf(y.shape(), y::copyTo)) {
      session.runner().feed(allImages, xt).feed(allLabels, yt).addTarget(loadData).run().close();
    }
  }

  /** One Adam step on the in-graph batch starting at example {@code from}; feeds only that index. */
  public float stepAt(long from) {
    step++;
    try (TInt32 st = TInt32.scalarOf(Math.toIntExact(from));
        TFloat32 b1 = TFloat32.scalarOf((float) Math.pow(BETA_1, step));
        TFloat32 b2 = TFloat32.scalarOf((float) Math.pow(BETA_2, step))) {
      Session.Runner r = session.runner().feed(start, st).feed(beta1Power, b1).feed(beta2Power, b2).fetch(loss);
      updates.forEach(r::addTarget);
      try (Result result = r.run()) {
        return ((TFloat32) result.get(0)).getFloat();
      }
    }
  }

  /** One Adam step on a batch; returns the batch's mean loss (fetched, so all work is done). */
  public float step(FloatNdArray x, IntNdArray y) {
    return step(x, y, null);
  }

  /** One Adam step; with {@code stats} non-null, traced, its per-op step statistics passed to {@code stats}. */
  private float step(FloatNdArray x, IntNdArray y, Consumer<StepStats> stats) {
    step++;
    try (TFloat32 xt = TFloat32.tensorOf(x.shape(), x::copyTo);
        TInt32 yt = TInt32.tensorOf(y.shape(), y::copyTo);
        TFloat32 b1 = TFloat32.scalarOf((float) Math.pow(BETA_1, step));
        TFloat32 b2 = TFloat32.scalarOf((float) Math.pow(BETA_2, step))) {
      Session.Runner r = session.runner().feed(images, xt).feed(labels, yt).feed(beta1Power, b1)
          .feed(beta2Power, b2).fetch(loss);
      updates.forEach(r::addTarget);
      if (stats != null) {
        r.setOptions(RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.FULL_TRACE).build());
      }
      try (Result result = stats != null ? r.runAndFetchMetadata() : r.run()) {
        if (stats != null) {
          stats.accept(result.getMetadata().orElseThrow().getStepStats());
        }
        return ((TFloat32) result.get(0)).getFloat();
      }
    }
  }

  /**
   * Where a step's time goes: after {@code warmup} plain steps on the batch, {@code steps} traced steps ({@code
   * RunOptions.TraceLevel.FULL_TRACE}); returns milliseconds per step by op and node, as TF's step statistics
   * report them (kernel names after grappler's and oneDNN's rewrites, e.g. {@code _MklNativeConv2DBackpropInput
   * gradients/Conv2DBackpropInput}). Ops running at the same time on different threads are each counted whole.
   */
  public Map<String, Double> profile(FloatNdArray x, IntNdArray y, int warmup, int steps) {
    for (int i = 0; i < warmup; i++) {
      step(x, y);
    }
    Map<String, Double> ms = new HashMap<>();
    for (int i = 0; i < steps; i++) {
      step(x, y, stats -> {
        for (DeviceStepStats device : stats.getDevStatsList()) {
          for (NodeExecStats node : device.getNodeStatsList()) {
            // The timeline label reads "node = Kernel(inputs)".
            String label = node.getTimelineLabel();
            int eq = label.indexOf(" = ");
            String kernel = eq < 0 ? "?" : label.substring(eq + 3).split("\\(", 2)[0];
            ms.merge(kernel + " " + node.getNodeName(), node.getAllEndRelMicros() / 1000.0 / steps, Double::sum);
          }
        }
      });
    }
    return ms;
  }

  /** Class probabilities for a batch of images. */
  public FloatNdArray predict(FloatNdArray x) {
    try (TFloat32 xt = TFloat32.tensorOf(x.shape(), x::copyTo);
        Result result = session.runner().feed(images, xt).fetch(probabilities).run()) {
      TFloat32 p = (TFloat32) result.get(0);
      FloatNdArray out = NdArrays.ofFloats(p.shape());
      p.copyTo(out);
      return out;
    }
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
