package io.jkeras.layers;

import io.jkeras.SymbolicTensor;
import io.jkeras.constraints.Constraint;
import io.jkeras.initializers.Initializer;
import io.jkeras.initializers.Initializers;
import io.jkeras.regularizers.Regularizer;
import io.jkeras.util.Shapes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.tensorflow.ndarray.Shape;

/**
 * Multi-head dot-product attention (Keras' {@code MultiHeadAttention}, Vaswani et al. 2017). The query, key
 * and value are projected per head, {@code softmax(q k^T / sqrt(key_dim))} weights the values, and the heads
 * are projected back to the query's last dimension (or {@code output_shape}).
 *
 * <p>Weights, as Keras 3 lays them out (its EinsumDense sublayers {@code query}, {@code key}, {@code value},
 * {@code attention_output}): {@code query/kernel (dim_q, num_heads, key_dim)}, {@code query/bias (num_heads,
 * key_dim)}, {@code key/kernel (dim_k, num_heads, key_dim)}, {@code key/bias}, {@code value/kernel (dim_v,
 * num_heads, value_dim)}, {@code value/bias}, {@code attention_output/kernel (num_heads, value_dim, out)},
 * {@code attention_output/bias (out,)}. MHA(num_heads=2, key_dim=16) on dimension 32: 3 * (32*2*16 + 2*16) +
 * (2*16*32 + 32) = 4,224 parameters.
 *
 * <p>Call: {@code apply(query, value)} (self-attention: {@code apply(x, x)}), {@code apply(query, value, key)},
 * or {@link #call} for the keyword arguments {@code key}, {@code attention_mask} (1 = may attend, shape (B, T,
 * S)), {@code use_causal_mask} and {@code return_attention_scores} (then a second output (B, num_heads, T,
 * S)). Inputs are (B, T, dim) or of higher rank, attending over all axes but the batch and the features
 * (Keras' default {@code attention_axes}); masks need rank-3 inputs.
 *
 * <pre>{@code
 * var x = Input.of(10, 32);
 * var y = new MultiHeadAttention(2, 16).apply(x, x);                               // (None, 10, 32), 4,224 params
 * var z = new MultiHeadAttention(4, 8).call(x, x).useCausalMask(true).apply();     // decoder self-attention
 * List<SymbolicTensor> outAndScores = new MultiHeadAttention(2, 16).call(q, v).returnAttentionScores(true)
 *     .applyAll();                                                                 // (None, T, 32), (None, 2, T, S)
 * }</pre>
 */
public final class MultiHeadAttention extends BaseLayer<MultiHeadAttention> {
  /** Keyword call arguments this layer takes (Keras' names). */
  public static final List<String> CALL_ARGUMENTS =
      List.of("query", "value", "key", "attention_mask", "use_causal_mask", "return_attention_scores");
  private static final List<String> TENSOR_ARGUMENTS = List.of("query", "value", "key", "attention_mask");

  private final int numHeads;
  private final int keyDim;
  private Integer valueDim;
  private double dropout = 0.0;
  private boolean useBias = true;
  private int[] outputShape;
  private int[] attentionAxes;
  /** The build shapes by Keras' build argument names, for {@link #buildConfig()}. */
  private Map<String, Shape> buildShapesDict;
  private Initializer kernelInitializer = Initializers.get("glorot_uniform");
  private Initializer biasInitializer = Initializers.get("zeros");
  private Regularizer kernelRegularizer;
  private Regularizer biasRegularizer;
  private Regularizer activityRegularizer;
  private Constraint kernelConstraint;
  private Constraint biasConstraint;
  private Long seed;

  /**
   * @param numHeads number of attention heads, &gt; 0
   * @param keyDim size of each head for query and key, &gt; 0
   */
  public MultiHeadAttention(int numHeads, int keyDim) {
    if (numHeads <= 0) {
      throw new IllegalArgumentException(
          "MultiHeadAttention: argument 'num_heads' must be a positive integer, got " + numHeads);
    }
    if (keyDim <= 0) {
      throw new IllegalArgumentException(
          "MultiHeadAttention: argument 'key_dim' must be a positive integer, got " + keyDim);
    }
    this.numHeads = numHeads;
    this.keyDim = keyDim;
  }

  /** Rebuilds the layer from Keras' config. */
  public static MultiHeadAttention fromConfig(Map<String, ?> config) {
    MultiHeadAttention m = new MultiHeadAttention(LayerConfigs.intArg(config, "num_heads", "MultiHeadAttention"),
        LayerConfigs.intArg(config, "key_dim", "MultiHeadAttention"));
    m.applyBaseConfig(config);
    LayerConfigs.ifPresent(config, "value_dim", v -> m.valueDim(((Number) v).intValue()));
    LayerConfigs.ifPresent(config, "dropout", v -> m.dropout(((Number) v).doubleValue()));
    LayerConfigs.ifPresent(config, "use_bias", v -> m.useBias((Boolean) v));
    LayerConfigs.ifPresent(config, "output_shape", v -> m.outputShape(ints(v, "output_shape")));
    LayerConfigs.ifPresent(config, "attention_axes", v -> m.attentionAxes(ints(v, "attention_axes")));
    LayerConfigs.ifPresent(config, "kernel_initializer", v -> m.kernelInitializer(Initializers.fromConfig(v)));
    LayerConfigs.ifPresent(config, "bias_initializer", v -> m.biasInitializer(Initializers.fromConfig(v)));
    LayerConfigs.ifPresent(config, "kernel_regularizer", v -> m.kernelRegularizer(LayerConfigs.regularizer(v)));
    LayerConfigs.ifPresent(config, "bias_regularizer", v -> m.biasRegularizer(LayerConfigs.regularizer(v)));
    LayerConfigs.ifPresent(config, "activity_regularizer",
        v -> m.activityRegularizer(LayerConfigs.regularizer(v)));
    LayerConfigs.ifPresent(config, "kernel_constraint", v -> m.kernelConstraint(LayerConfigs.constraint(v)));
    LayerConfigs.ifPresent(config, "bias_constraint", v -> m.biasConstraint(LayerConfigs.constraint(v)));
    LayerConfigs.ifPresent(config, "seed", v -> m.seed(((Number) v).longValue()));
    return m;
  }

  private static int[] ints(Object v, String key) {
    if (v instanceof Number n) {
      return new int[] {n.intValue()};
    }
    if (v instanceof List<?> l) {
      return l.stream().mapToInt(o -> ((Number) o).intValue()).toArray();
    }
    throw new IllegalArgumentException("MultiHeadAttention config: '" + key + "' must be an int or a list of ints,"
        + " got " + v);
  }

  private String where() {
    return "Layer '" + nameForMessages() + "' (MultiHeadAttention)";
  }

  /** Size of each head for the value; {@code key_dim} by default. */
  public MultiHeadAttention valueDim(int valueDim) {
    checkConfigurable("value_dim");
    if (valueDim <= 0) {
      throw new IllegalArgumentException(where() + ": argument 'value_dim' must be a positive integer, got "
          + valueDim);
    }
    this.valueDim = valueDim;
    return this;
  }

  /** Dropout rate on the attention probabilities in training, in [0, 1); 0 by default. */
  public MultiHeadAttention dropout(double rate) {
    checkConfigurable("dropout");
    if (!(rate >= 0 && rate < 1)) {
      throw new IllegalArgumentException(where() + ": argument 'dropout' must be in [0, 1), got " + rate);
    }
    this.dropout = rate;
    return this;
  }

  /** Whether the projections have biases; {@code true} by default. */
  public MultiHeadAttention useBias(boolean useBias) {
    checkConfigurable("use_bias");
    this.useBias = useBias;
    return this;
  }

  /** The output's shape besides the batch and sequence axes; the query's last dimension by default. */
  public MultiHeadAttention outputShape(int... shape) {
    checkConfigurable("output_shape");
    if (shape == null || shape.length == 0) {
      this.outputShape = null;
      return this;
    }
    for (int d : shape) {
      if (d <= 0) {
        throw new IllegalArgumentException(where() + ": argument 'output_shape' must hold positive sizes, got "
            + Arrays.toString(shape));
      }
    }
    this.outputShape = shape.clone();
    return this;
  }

  /**
   * Keras' {@code attention_axes}; the default (all axes but batch, heads and features) is the only one jkeras
   * lowers, so other values are refused when the layer is applied.
   */
  public MultiHeadAttention attentionAxes(int... axes) {
    checkConfigurable("attention_axes");
    this.attentionAxes = axes == null || axes.length == 0 ? null : axes.clone();
    return this;
  }

  public MultiHeadAttention kernelInitializer(Initializer initializer) {
    checkConfigurable("kernel_initializer");
    this.kernelInitializer = Objects.requireNonNull(initializer, "kernel_initializer");
    return this;
  }

  public MultiHeadAttention kernelInitializer(String name) {
    return kernelInitializer(LayerConfigs.initializer(this, "kernel_initializer", name));
  }

  public MultiHeadAttention biasInitializer(Initializer initializer) {
    checkConfigurable("bias_initializer");
    this.biasInitializer = Objects.requireNonNull(initializer, "bias_initializer");
    return this;
  }

  public MultiHeadAttention biasInitializer(String name) {
    return biasInitializer(LayerConfigs.initializer(this, "bias_initializer", name));
  }

  public MultiHeadAttention kernelRegularizer(Regularizer regularizer) {
    checkConfigurable("kernel_regularizer");
    this.kernelRegularizer = regularizer;
    return this;
  }

  public MultiHeadAttention biasRegularizer(Regularizer regularizer) {
    checkConfigurable("bias_regularizer");
    this.biasRegularizer = regularizer;
    return this;
  }

  /** A penalty on each projection's output (Keras passes it to the four sublayers). */
  public MultiHeadAttention activityRegularizer(Regularizer regularizer) {
    checkConfigurable("activity_regularizer");
    this.activityRegularizer = regularizer;
    return this;
  }

  public MultiHeadAttention kernelConstraint(Constraint constraint) {
    checkConfigurable("kernel_constraint");
    this.kernelConstraint = constraint;
    return this;
  }

  public MultiHeadAttention biasConstraint(Constraint constraint) {
    checkConfigurable("bias_constraint");
    this.biasConstraint = constraint;
    return this;
  }

  /** A seed for the attention dropout. */
  public MultiHeadAttention seed(long seed) {
    checkConfigurable("seed");
    this.seed = seed;
    return this;
  }

  public int numHeads() {
    return numHeads;
  }

  public int keyDim() {
    return keyDim;
  }

  /** The value head size: {@code value_dim} if given, else {@code key_dim}. */
  public int valueDim() {
    return valueDim != null ? valueDim : keyDim;
  }

  public double dropout() {
    return dropout;
  }

  public boolean useBias() {
    return useBias;
  }

  public Optional<int[]> outputShape() {
    return Optional.ofNullable(outputShape).map(int[]::clone);
  }

  public Optional<Long> seed() {
    return Optional.ofNullable(seed);
  }

  public Optional<Regularizer> activityRegularizer() {
    return Optional.ofNullable(activityRegularizer);
  }

  // ---------------------------------------------------------------- calls

  @Override
  public boolean acceptsCallArguments() {
    return true;
  }

  /**
   * A call with Keras' keyword arguments: {@code mha.call(query, value).key(k).attentionMask(m)
   * .useCausalMask(true).returnAttentionScores(true).applyAll()}.
   */
  public Call call(SymbolicTensor query, SymbolicTensor value) {
    return new Call(query, value);
  }

  /** The keyword arguments of one call; {@link #apply()} or {@link #applyAll()} records it. */
  public final class Call {
    private final SymbolicTensor query;
    private final SymbolicTensor value;
    private final Map<String, Object> kwargs = new LinkedHashMap<>();

    private Call(SymbolicTensor query, SymbolicTensor value) {
      this.query = Objects.requireNonNull(query, "query");
      this.value = Objects.requireNonNull(value, "value");
    }

    /** The key, (B, S, dim_k); the value serves as key without one. */
    public Call key(SymbolicTensor key) {
      kwargs.put("key", Objects.requireNonNull(key, "key"));
      return this;
    }

    /** Which query positions may attend to which key positions, (B, T, S): 1 (or true) attends, 0 does not. */
    public Call attentionMask(SymbolicTensor mask) {
      kwargs.put("attention_mask", Objects.requireNonNull(mask, "attention_mask"));
      return this;
    }

    /** Whether position t may attend only to positions &lt;= t (a decoder's self-attention). */
    public Call useCausalMask(boolean causal) {
      kwargs.put("use_causal_mask", causal);
      return this;
    }

    /** Whether the call also returns the attention probabilities, (B, num_heads, T, S). */
    public Call returnAttentionScores(boolean scores) {
      kwargs.put("return_attention_scores", scores);
      return this;
    }

    /** Records the call; its one output (without {@code return_attention_scores}). */
    public SymbolicTensor apply() {
      List<SymbolicTensor> out = applyAll();
      if (out.size() != 1) {
        throw error("returns the attention output and scores with return_attention_scores=true; use applyAll()");
      }
      return out.get(0);
    }

    /** Records the call; the output and, with {@code return_attention_scores}, the scores. */
    public List<SymbolicTensor> applyAll() {
      return applyCall(List.of(query, value), kwargs);
    }
  }

  /** Where the tensors of one call are among the node's inputs, and its flags. */
  public record CallLayout(int query, int value, int key, int attentionMask, boolean useCausalMask,
      boolean returnAttentionScores) {
    /** Whether an attention mask tensor was given. */
    public boolean hasAttentionMask() {
      return attentionMask >= 0;
    }
  }

  /**
   * Reads a call's layout from the number of inputs (positional, then keyword tensors in {@code callArguments}
   * order) and the keyword arguments; validates both.
   */
  public CallLayout layout(int inputCount, Map<String, Object> callArguments) {
    int keywordTensors = 0;
    for (Map.Entry<String, Object> e : callArguments.entrySet()) {
      String k = e.getKey();
      boolean wantsTensor = TENSOR_ARGUMENTS.contains(k);
      if (!wantsTensor && !CALL_ARGUMENTS.contains(k)) {
        throw error("call argument '" + k + "' is not supported; supported: " + CALL_ARGUMENTS
            + " (query_mask, value_mask and key_mask need Keras masking, which jkeras does not have)");
      }
      boolean isTensor = e.getValue() instanceof SymbolicTensor;
      if (isTensor != wantsTensor) {
        throw error("call argument '" + k + "' must be " + (wantsTensor ? "a tensor" : "a boolean") + ", got "
            + e.getValue());
      }
      if (isTensor) {
        keywordTensors++;
      }
    }
    int positional = inputCount - keywordTensors;
    // Keras' signature call(query, value, key=None, ...): positional inputs fill query, value, key in order.
    int[] roles = {-1, -1, -1};
    String[] names = {"query", "value", "key"};
    if (positional > 3) {
      throw error("expects query and value (and optionally key) as inputs, got " + positional
          + " positional inputs");
    }
    for (int i = 0; i < positional; i++) {
      roles[i] = i;
    }
    int next = positional;
    int mask = -1;
    for (Map.Entry<String, Object> e : callArguments.entrySet()) {
      if (!(e.getValue() instanceof SymbolicTensor)) {
        continue;
      }
      int role = List.of(names).indexOf(e.getKey());
      if (role >= 0) {
        if (roles[role] >= 0) {
          throw error("got '" + e.getKey() + "' both as a positional input and as a keyword argument");
        }
        roles[role] = next;
      } else {
        mask = next;
      }
      next++;
    }
    if (roles[0] < 0 || roles[1] < 0) {
      throw error("expects query and value (and optionally key) as inputs, got " + inputCount
          + " input(s) and call arguments " + callArguments.keySet());
    }
    return new CallLayout(roles[0], roles[1], roles[2] >= 0 ? roles[2] : roles[1], mask,
        Boolean.TRUE.equals(callArguments.get("use_causal_mask")),
        Boolean.TRUE.equals(callArguments.get("return_attention_scores")));
  }

  // ---------------------------------------------------------------- shapes and weights

  @Override
  public List<Shape> computeOutputShapes(List<Shape> inputShapes) {
    return computeOutputShapes(inputShapes, Map.of());
  }

  @Override
  public List<Shape> computeOutputShapes(List<Shape> shapes, Map<String, Object> callArguments) {
    CallLayout c = layout(shapes.size(), callArguments);
    Shape q = shapes.get(c.query());
    Shape v = shapes.get(c.value());
    Shape k = shapes.get(c.key());
    int rank = q.numDimensions();
    if (rank < 3) {
      throw error("query must have rank >= 3 (batch, sequence..., features), got shape " + Shapes.format(q));
    }
    if (v.numDimensions() != rank || k.numDimensions() != rank) {
      throw error("query, value and key must have the same rank; got query " + Shapes.format(q) + ", value "
          + Shapes.format(v) + ", key " + Shapes.format(k));
    }
    for (Shape s : List.of(q, v, k)) {
      if (s.get(rank - 1) == Shape.UNKNOWN_SIZE) {
        throw error("the last (feature) dimension of query, value and key must be known; got query "
            + Shapes.format(q) + ", value " + Shapes.format(v) + ", key " + Shapes.format(k));
      }
    }
    for (int d = 1; d < rank - 1; d++) {
      if (!sameDim(v.get(d), k.get(d))) {
        throw error("all dimensions of 'value' and 'key', except the last one, must be equal; received"
            + " value_shape=" + Shapes.format(v) + " and key_shape=" + Shapes.format(k));
      }
    }
    if (attentionAxes != null) {
      int[] dflt = new int[rank - 2];
      for (int i = 0; i < dflt.length; i++) {
        dflt[i] = i + 1;
      }
      int[] given = Arrays.stream(attentionAxes).map(a -> a >= 0 ? a : rank + a).sorted().toArray();
      if (!Arrays.equals(given, dflt)) {
        throw error("attention_axes=" + Arrays.toString(attentionAxes) + " is not supported; jkeras attends over"
            + " all axes but batch and features, " + Arrays.toString(dflt) + " for inputs of rank " + rank);
      }
    }
    if ((c.hasAttentionMask() || c.useCausalMask()) && rank != 3) {
      throw error("attention masks need rank-3 inputs (batch, sequence, features); got query " + Shapes.format(q));
    }
    if (c.hasAttentionMask()) {
      Shape m = shapes.get(c.attentionMask());
      boolean ok = m.numDimensions() == 3 && fits(m.get(1), q.get(1)) && fits(m.get(2), v.get(1));
      if (!ok) {
        throw error("attention_mask must have shape (batch, T, S) = (None, " + Shapes.dimToString(q.get(1)) + ", "
            + Shapes.dimToString(v.get(1)) + "), got " + Shapes.format(m));
      }
    }
    if (isBuilt()) {
      // Compare the feature sizes the weights were made for.
      long[] want = builtDims.clone();
      long[] got = {q.get(rank - 1), v.get(rank - 1), k.get(rank - 1)};
      if (!Arrays.equals(want, got)) {
        throw error("was built for query/value/key feature sizes " + Arrays.toString(want) + ", got query "
            + Shapes.format(q) + ", value " + Shapes.format(v) + ", key " + Shapes.format(k));
      }
    }
    long[] out = new long[rank - 1 + (outputShape == null ? 1 : outputShape.length)];
    for (int d = 0; d < rank - 1; d++) {
      out[d] = q.get(d);
    }
    if (outputShape == null) {
      out[rank - 1] = q.get(rank - 1);
    } else {
      for (int i = 0; i < outputShape.length; i++) {
        out[rank - 1 + i] = outputShape[i];
      }
    }
    List<Shape> result = new ArrayList<>();
    result.add(Shape.of(out));
    if (c.returnAttentionScores()) {
      long[] scores = new long[2 + 2 * (rank - 2)];
      scores[0] = q.get(0);
      scores[1] = numHeads;
      for (int d = 1; d < rank - 1; d++) {
        scores[1 + d] = q.get(d);
        scores[rank - 1 + d] = v.get(d);
      }
      result.add(Shape.of(scores));
    }
    return result;
  }

  private static boolean sameDim(long a, long b) {
    return a == b;
  }

  private static boolean fits(long mask, long dim) {
    return mask == Shape.UNKNOWN_SIZE || dim == Shape.UNKNOWN_SIZE || mask == dim || mask == 1;
  }

  // Feature sizes of query, value and key the weights were built for.
  private long[] builtDims;

  @Override
  protected void build(List<Shape> shapes, Map<String, Object> callArguments) {
    CallLayout c = layout(shapes.size(), callArguments);
    Shape q = shapes.get(c.query());
    buildShapesDict = new java.util.LinkedHashMap<>();
    buildShapesDict.put("query_shape", q);
    buildShapesDict.put("value_shape", shapes.get(c.value()));
    if (c.key() != c.value()) {
      buildShapesDict.put("key_shape", shapes.get(c.key()));
    }
    int rank = q.numDimensions();
    long dq = q.get(rank - 1);
    long dv = shapes.get(c.value()).get(rank - 1);
    long dk = shapes.get(c.key()).get(rank - 1);
    builtDims = new long[] {dq, dv, dk};
    int hv = valueDim();
    projection("query", dq, keyDim);
    projection("key", dk, keyDim);
    projection("value", dv, hv);
    long[] out = outputShape == null ? new long[] {dq} : Arrays.stream(outputShape).asLongStream().toArray();
    long[] kernel = new long[2 + out.length];
    kernel[0] = numHeads;
    kernel[1] = hv;
    System.arraycopy(out, 0, kernel, 2, out.length);
    addWeight("attention_output/kernel", Shape.of(kernel), kernelInitializer, kernelRegularizer, kernelConstraint,
        true);
    if (useBias) {
      addWeight("attention_output/bias", Shape.of(out), biasInitializer, biasRegularizer, biasConstraint, true);
    }
  }

  @Override
  protected void build(List<Shape> inputShapes) {
    build(inputShapes, Map.of());
  }

  private void projection(String name, long in, int headSize) {
    addWeight(name + "/kernel", Shape.of(in, numHeads, headSize), kernelInitializer, kernelRegularizer,
        kernelConstraint, true);
    if (useBias) {
      addWeight(name + "/bias", Shape.of(numHeads, headSize), biasInitializer, biasRegularizer, biasConstraint,
          true);
    }
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("num_heads", numHeads);
    c.put("key_dim", keyDim);
    c.put("value_dim", valueDim());
    c.put("dropout", dropout);
    c.put("use_bias", useBias);
    c.put("output_shape", outputShape == null ? null : toList(outputShape));
    c.put("attention_axes", attentionAxes != null ? toList(attentionAxes) : builtAttentionAxes());
    c.put("kernel_initializer", kernelInitializer);
    c.put("bias_initializer", biasInitializer);
    c.put("kernel_regularizer", kernelRegularizer);
    c.put("bias_regularizer", biasRegularizer);
    c.put("activity_regularizer", activityRegularizer);
    c.put("kernel_constraint", kernelConstraint);
    c.put("bias_constraint", biasConstraint);
    c.put("seed", seed);
    return c;
  }

  /**
   * Keras' {@code _build_attention} sets the default axes, all but batch and features ({@code [1]} for
   * (batch, seq, features) queries), and {@code get_config} reports them once built; null before.
   */
  private List<Integer> builtAttentionAxes() {
    if (!isBuilt()) {
      return null;
    }
    int rank = buildInputShapes().get(0).numDimensions();
    List<Integer> axes = new java.util.ArrayList<>();
    for (int a = 1; a < rank - 1; a++) {
      axes.add(a);
    }
    return axes;
  }

  /**
   * Keras' {@code build_config} of this layer, {@code {"shapes_dict": {"query_shape", "value_shape"[,
   * "key_shape"]}}} (Keras' {@code build(query_shape, value_shape, key_shape=None)} cannot take one list of
   * shapes); empty before the layer is built.
   */
  public Map<String, Object> buildConfig() {
    if (buildShapesDict == null) {
      return Map.of();
    }
    Map<String, Object> shapes = new java.util.LinkedHashMap<>();
    buildShapesDict.forEach((k, v) -> shapes.put(k, io.jkeras.util.Shapes.toNullableList(v)));
    return Map.of("shapes_dict", shapes);
  }

  private static List<Integer> toList(int[] v) {
    List<Integer> l = new ArrayList<>();
    for (int x : v) {
      l.add(x);
    }
    return l;
  }
}
