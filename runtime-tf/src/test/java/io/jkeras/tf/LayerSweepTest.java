package io.jkeras.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Compile;
import io.jkeras.DType;
import io.jkeras.Input;
import io.jkeras.Keras;
import io.jkeras.Model;
import io.jkeras.SymbolicTensor;
import io.jkeras.backend.RuntimeOptions;
import io.jkeras.layers.Activation;
import io.jkeras.layers.Add;
import io.jkeras.layers.Average;
import io.jkeras.layers.AveragePooling1D;
import io.jkeras.layers.AveragePooling2D;
import io.jkeras.layers.BatchNormalization;
import io.jkeras.layers.Bidirectional;
import io.jkeras.layers.Concatenate;
import io.jkeras.layers.Conv1D;
import io.jkeras.layers.Conv2D;
import io.jkeras.layers.Conv2DTranspose;
import io.jkeras.layers.Conv3D;
import io.jkeras.layers.Cropping1D;
import io.jkeras.layers.Cropping2D;
import io.jkeras.layers.Dense;
import io.jkeras.layers.DepthwiseConv2D;
import io.jkeras.layers.Dot;
import io.jkeras.layers.Dropout;
import io.jkeras.layers.ELU;
import io.jkeras.layers.Embedding;
import io.jkeras.layers.Flatten;
import io.jkeras.layers.GRU;
import io.jkeras.layers.GaussianDropout;
import io.jkeras.layers.GaussianNoise;
import io.jkeras.layers.GlobalAveragePooling1D;
import io.jkeras.layers.GlobalAveragePooling2D;
import io.jkeras.layers.GlobalMaxPooling1D;
import io.jkeras.layers.GlobalMaxPooling2D;
import io.jkeras.layers.LSTM;
import io.jkeras.layers.Layer;
import io.jkeras.layers.LayerRegistry;
import io.jkeras.layers.LeakyReLU;
import io.jkeras.layers.Masking;
import io.jkeras.layers.MaxPooling1D;
import io.jkeras.layers.MaxPooling2D;
import io.jkeras.layers.Maximum;
import io.jkeras.layers.Minimum;
import io.jkeras.layers.Multiply;
import io.jkeras.layers.PReLU;
import io.jkeras.layers.Permute;
import io.jkeras.layers.ReLU;
import io.jkeras.layers.RepeatVector;
import io.jkeras.layers.Rescaling;
import io.jkeras.layers.Reshape;
import io.jkeras.layers.SeparableConv2D;
import io.jkeras.layers.SimpleRNN;
import io.jkeras.layers.Softmax;
import io.jkeras.layers.SpatialDropout1D;
import io.jkeras.layers.SpatialDropout2D;
import io.jkeras.layers.Subtract;
import io.jkeras.layers.TimeDistributed;
import io.jkeras.layers.UpSampling2D;
import io.jkeras.layers.ZeroPadding2D;
import io.jkeras.constraints.MaxNorm;
import io.jkeras.regularizers.L2;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/**
 * Every registered layer, in a tiny trained functional model, survives the three ways a model leaves the
 * process: its JSON config ({@code fromJson} + {@code setWeights}), {@code save}/{@code load}, and
 * {@code export} to a SavedModel served in inference mode (issue 9).
 *
 * <p>Each case is {@code inputs → layer under test → Dense(2)}; the Dense gives weightless layers something to
 * train, and one Adam step with mse moves the weights, batch-norm statistics and optimizer slots away from
 * their initial values before anything is compared.
 */
class LayerSweepTest {
  /** Registered classes that need no case here: the input layer, which every case has. */
  private static final Set<String> NOT_SWEPT = Set.of("InputLayer");

  private static final int BATCH = 3;

  @TempDir static Path tmp;

  /** One layer under test: input shapes (without batch), whether they are int ids, and the model body. */
  record Case(String className, List<int[]> inputs, boolean intIds,
      Function<List<SymbolicTensor>, SymbolicTensor> body) {
    @Override
    public String toString() {
      return className;
    }
  }

  private static Case one(String cls, int[] shape, Function<SymbolicTensor, SymbolicTensor> f) {
    return new Case(cls, List.of(shape), false, in -> f.apply(in.get(0)));
  }

  private static Case two(String cls, int[] shape, Function<List<SymbolicTensor>, SymbolicTensor> f) {
    return new Case(cls, List.of(shape, shape), false, f);
  }

  private static int[] s(int... dims) {
    return dims;
  }

  static Stream<Case> cases() {
    return Stream.of(
        one("Dense", s(4), x -> new Dense(3).activation("tanh").kernelRegularizer(new L2(0.01))
            .kernelConstraint(new MaxNorm(2.0)).apply(x)),
        one("Conv1D", s(6, 2), x -> new Conv1D(3, 2).padding("causal").dilationRate(2).apply(x)),
        one("Conv2D", s(5, 5, 2), x -> new Conv2D(3, 2).strides(2, 2).padding("same").activation("relu").apply(x)),
        one("Conv3D", s(3, 3, 3, 1), x -> new Conv3D(2, 2).useBias(false).apply(x)),
        one("Conv2DTranspose", s(3, 3, 2), x -> new Conv2DTranspose(2, 3).strides(2, 2).padding("same").apply(x)),
        one("DepthwiseConv2D", s(4, 4, 2), x -> new DepthwiseConv2D(2).depthMultiplier(2).padding("same").apply(x)),
        one("SeparableConv2D", s(4, 4, 2), x -> new SeparableConv2D(3, 2).depthMultiplier(2).pointwiseRegularizer(new L2(0.01)).apply(x)),
        one("MaxPooling1D", s(6, 2), x -> new MaxPooling1D(2).strides(1).padding("same").apply(x)),
        one("AveragePooling1D", s(6, 2), x -> new AveragePooling1D(2).apply(x)),
        one("GlobalMaxPooling1D", s(6, 2), x -> new GlobalMaxPooling1D().keepdims(true).apply(x)),
        one("GlobalAveragePooling1D", s(6, 2), x -> new GlobalAveragePooling1D().apply(x)),
        one("MaxPooling2D", s(4, 4, 2), x -> new MaxPooling2D(2, 2).apply(x)),
        one("AveragePooling2D", s(4, 4, 2), x -> new AveragePooling2D(3, 3).strides(1, 1).padding("same").apply(x)),
        one("GlobalMaxPooling2D", s(4, 4, 2), x -> new GlobalMaxPooling2D().apply(x)),
        one("GlobalAveragePooling2D", s(4, 4, 2), x -> new GlobalAveragePooling2D().keepdims(true).apply(x)),
        one("UpSampling2D", s(2, 3, 2), x -> new UpSampling2D(2).apply(x)),
        one("ZeroPadding2D", s(2, 3, 2), x -> new ZeroPadding2D(1, 2).apply(x)),
        one("Cropping1D", s(6, 2), x -> new Cropping1D(1, 2).apply(x)),
        one("Cropping2D", s(5, 5, 2), x -> new Cropping2D(1, 2).apply(x)),
        one("Flatten", s(2, 3, 2), x -> new Flatten().apply(x)),
        one("Reshape", s(6, 2), x -> new Reshape(-1, 4).apply(x)),
        one("Permute", s(3, 4, 2), x -> new Permute(2, 1, 3).apply(x)),
        one("RepeatVector", s(4), x -> new RepeatVector(3).apply(x)),
        two("Add", s(4), in -> new Add().apply(in)),
        two("Multiply", s(4), in -> new Multiply().apply(in)),
        two("Subtract", s(4), in -> new Subtract().apply(in)),
        two("Average", s(4), in -> new Average().apply(in)),
        two("Maximum", s(4), in -> new Maximum().apply(in)),
        two("Minimum", s(4), in -> new Minimum().apply(in)),
        two("Dot", s(3, 4), in -> new Dot(2).normalize(true).apply(in)),
        two("Concatenate", s(3, 4), in -> new Concatenate(-1).apply(in)),
        one("Activation", s(4), x -> new Activation("softplus").apply(x)),
        one("ReLU", s(4), x -> new ReLU().maxValue(1.0).negativeSlope(0.1).threshold(0.2).apply(x)),
        one("LeakyReLU", s(4), x -> new LeakyReLU(0.2).apply(x)),
        one("PReLU", s(3, 4), x -> new PReLU().sharedAxes(1).apply(x)),
        one("ELU", s(4), x -> new ELU(0.5).apply(x)),
        one("Softmax", s(3, 4), x -> new Softmax(1).apply(x)),
        one("Dropout", s(3, 4), x -> new Dropout(0.5).noiseShape(null, 1, 4).seed(3).apply(x)),
        one("SpatialDropout1D", s(5, 4), x -> new SpatialDropout1D(0.5).apply(x)),
        one("SpatialDropout2D", s(3, 3, 4), x -> new SpatialDropout2D(0.5).apply(x)),
        one("GaussianNoise", s(4), x -> new GaussianNoise(0.5).apply(x)),
        one("GaussianDropout", s(4), x -> new GaussianDropout(0.5).apply(x)),
        one("BatchNormalization", s(4), x -> new BatchNormalization().momentum(0.5).epsilon(0.01).apply(x)),
        one("Rescaling", s(4), x -> new Rescaling(0.5, 0.25).apply(x)),
        new Case("Embedding", List.of(s(5)), true,
            in -> new Embedding(7, 3).maskZero(true).apply(in.get(0))),
        one("Masking", s(5, 3), x -> new SimpleRNN(2).apply(new Masking(0.0).apply(x))),
        one("SimpleRNN", s(4, 3), x -> new SimpleRNN(2).returnSequences(true).goBackwards(true).apply(x)),
        one("LSTM", s(4, 3), x -> new LSTM(2).dropout(0.25).apply(x)),
        one("GRU", s(4, 3), x -> new GRU(2).resetAfter(false).recurrentDropout(0.25).apply(x)),
        one("Bidirectional", s(4, 3), x -> new Bidirectional(new GRU(2).returnSequences(true), "sum").apply(x)),
        one("TimeDistributed", s(4, 3), x -> new TimeDistributed(new Dense(2)).apply(x)),
        one("LayerNormalization", s(3, 4), x -> new io.jkeras.layers.LayerNormalization().epsilon(0.01).apply(x)),
        one("Normalization", s(4), x -> new io.jkeras.layers.Normalization()
            .adapt(new float[][] {{1, 2, 3, 4}, {2, 0, 1, 8}, {0, 4, 5, 6}}).apply(x)),
        two("MultiHeadAttention", s(3, 4), in -> new io.jkeras.layers.MultiHeadAttention(2, 3)
            .apply(in.get(0), in.get(1))),
        one("MultiHeadAttention", s(3, 4), x -> new io.jkeras.layers.MultiHeadAttention(2, 3)
            .call(x, x).useCausalMask(true).apply()),
        // Variants: a layer that several nodes share, a layer with several outputs, masks across layers.
        two("Dense", s(4), in -> {
          Dense shared = new Dense(3);
          return new Subtract().apply(shared.apply(in.get(0)), shared.apply(in.get(1)));
        }),
        one("LSTM", s(4, 3), x -> new Concatenate().apply(new LSTM(2).returnState(true).applyAll(List.of(x)))),
        new Case("Embedding", List.of(s(5)), true,
            in -> new Bidirectional(new LSTM(2)).apply(new Embedding(7, 3).maskZero(true).apply(in.get(0)))),
        one("TimeDistributed", s(2, 4, 4, 1), x -> new TimeDistributed(new Conv2D(2, 2)).apply(x)),
        // A frozen layer: the flag survives, and Keras 3 runs a frozen BatchNormalization in inference mode.
        one("BatchNormalization", s(4), x -> new BatchNormalization().trainable(false).apply(new Dense(4).apply(x))),
        // Rescaling is how Keras models take integer pixels: it casts to float.
        new Case("Rescaling", List.of(s(4)), true, in -> new Rescaling(1 / 255.0).apply(in.get(0))),
        // GRU with reset_after=false and no dropout: its training maths is compared with Keras' (LayerParityTest).
        one("GRU", s(4, 3), x -> new GRU(3).resetAfter(false).returnSequences(true).apply(x)),
        // written in ops (issue 13)
        one("UpSampling1D", s(3, 2), x -> new io.jkeras.layers.UpSampling1D(3).apply(x)),
        one("UpSampling3D", s(2, 2, 2, 1), x -> new io.jkeras.layers.UpSampling3D(1, 2, 2).apply(x)),
        one("MaxPooling3D", s(4, 4, 4, 1), x -> new io.jkeras.layers.MaxPooling3D(2, 2, 2).strides(1, 2, 2)
            .padding("same").apply(x)),
        one("AveragePooling3D", s(4, 4, 4, 1), x -> new io.jkeras.layers.AveragePooling3D(2, 2, 2).apply(x)),
        one("GlobalAveragePooling3D", s(2, 2, 2, 3), x -> new io.jkeras.layers.GlobalAveragePooling3D().apply(x)),
        one("GlobalMaxPooling3D", s(2, 2, 2, 3), x -> new io.jkeras.layers.GlobalMaxPooling3D().keepdims(true)
            .apply(x)),
        one("GroupNormalization", s(3, 4), x -> new io.jkeras.layers.GroupNormalization(2).epsilon(0.01).apply(x)),
        one("Lambda", s(4), x -> {
          io.jkeras.layers.Lambda.registerFunction("sweep_tanh_square",
              xs -> io.jkeras.ops.Ops.tanh(io.jkeras.ops.Ops.square(xs.get(0))));
          return io.jkeras.layers.Lambda.of("sweep_tanh_square").apply(x);
        }));
  }

  @Test
  void everyRegisteredLayerHasACase() {
    Set<String> swept = cases().map(Case::className).collect(Collectors.toCollection(TreeSet::new));
    Set<String> registered = new TreeSet<>(LayerRegistry.knownClassNames());
    registered.removeAll(NOT_SWEPT);
    registered.removeIf(n -> n.contains(">"));   // classes other tests register as users do ("package>Name")
    assertEquals(registered, swept, "every layer in LayerRegistry needs a case in LayerSweepTest.cases()");
  }

  @BeforeEach
  void fresh() {
    Keras.clearSession();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void jsonSaveLoadAndExportKeepTheModel(Case c) throws IOException {
    Random r = new Random(c.className().hashCode());
    List<SymbolicTensor> inputs = new ArrayList<>();
    List<NdArray<?>> x = new ArrayList<>();
    for (int[] shape : c.inputs()) {
      inputs.add(c.intIds() ? Input.builder(shape).dtype(DType.INT32).build() : Input.of(shape));
      x.add(c.intIds() ? ids(r, 7, shape) : data(r, c.className(), shape));
    }
    SymbolicTensor out = new Dense(2).apply(c.body().apply(inputs));
    Model model = Model.of(inputs, out);
    Layer tested = model.layers().stream()
        .filter(l -> l.className().equals(c.className())).findFirst().orElseThrow();
    assertTrue(tested.isBuilt(), c + " is built");
    Object feed = x.size() == 1 ? x.get(0) : x;
    model.runtimeOptions(options());
    model.compile(Compile.optimizer("adam").loss("mse"));
    FloatNdArray y = data(r, "", out.shape().asArray(), true);
    // fromJson gives an uncompiled model, as Keras' model_from_json: its summary has no "Optimizer params" line.
    String architecture = model.summaryString();
    try (model) {
      model.trainOnBatch(feed, y);
      FloatNdArray expected = model.predict(feed);

      // (a) JSON config: same architecture, and the same function once the weights are copied.
      try (Model rebuilt = Model.fromJson(model.toJson())) {
        assertEquals(architecture, rebuilt.summaryString(), c + ": " + "summary after fromJson");
        assertEquals(model.toJson(), rebuilt.toJson(), c + ": " + "JSON after fromJson");
        rebuilt.runtimeOptions(options());
        rebuilt.setWeights(model.getWeights());
        assertEquals(0f, maxAbsDiff(expected, rebuilt.predict(feed)), 0f, c + ": " + "fromJson predictions");
      }

      // (b) save/load: bit-identical predictions, and training goes on.
      Path file = tmp.resolve(c.className() + ".keras");
      model.save(file);
      try (Model loaded = Model.load(file)) {
        loaded.runtimeOptions(options());
        assertEquals(model.summaryString(), loaded.summaryString(), c + ": " + "summary after load");
        assertEquals(0f, maxAbsDiff(expected, loaded.predict(feed)), 0f, c + ": " + "loaded predictions");
        // The loaded model takes the step the saved one takes next (weights, slots, iterations, seed).
        double loss = loaded.trainOnBatch(feed, y).get("loss");
        assertEquals(model.trainOnBatch(feed, y).get("loss"), loss, 0.0, c + ": " + "loss of the step after load");
        assertEquals(0f, maxAbsDiff(model.predict(feed), loaded.predict(feed)), 0f, c + ": " + "predictions after that step");
      }

      // (c) SavedModel: served in inference mode (no dropout or noise, batch norm's moving statistics).
      Path dir = tmp.resolve(c.className() + "_export");
      model.export(dir);
      FloatNdArray inProcess = model.predict(feed);
      try (SavedModel served = SavedModel.load(dir)) {
        Map<String, NdArray<?>> byName = new LinkedHashMap<>();
        for (int i = 0; i < x.size(); i++) {
          byName.put(model.inputNames().get(i), x.get(i));
        }
        FloatNdArray got = served.predict(byName).get(model.outputNames().get(0));
        assertEquals(0f, maxAbsDiff(inProcess, got), 1e-6f, c + ": " + "SavedModel predictions");
      }
    }
  }

  private static RuntimeOptions options() {
    return RuntimeOptions.defaults().seed(5).intraOpThreads(1).interOpThreads(1);
  }

  static FloatNdArray data(Random r, String cls, int[] shape) {
    long[] full = new long[shape.length + 1];
    full[0] = BATCH;
    for (int i = 0; i < shape.length; i++) {
      full[i + 1] = shape[i];
    }
    FloatNdArray a = data(r, cls, full, false);
    if (cls.equals("Masking")) {
      // Masked (all-zero) timesteps at the end of the first sample and in the middle of the second.
      for (int f = 0; f < shape[1]; f++) {
        a.setFloat(0f, 0, shape[0] - 1, f);
        a.setFloat(0f, 1, 2, f);
      }
    }
    return a;
  }

  static FloatNdArray data(Random r, String cls, long[] shape, boolean batchFirst) {
    long[] full = shape.clone();
    if (batchFirst) {
      full[0] = BATCH;
    }
    FloatNdArray a = NdArrays.ofFloats(Shape.of(full));
    a.scalars().forEach(v -> v.setFloat((float) r.nextGaussian()));
    return a;
  }

  /** Ids in [0, vocab) with some zeros (masked by {@code mask_zero}). */
  static IntNdArray ids(Random r, int vocab, int[] shape) {
    IntNdArray a = NdArrays.ofInts(Shape.of(BATCH, shape[0]));
    a.scalars().forEach(v -> v.setInt(r.nextInt(vocab)));
    a.setInt(0, 0, shape[0] - 1);
    return a;
  }

  private static float maxAbsDiff(FloatNdArray a, FloatNdArray b) {
    assertTrue(java.util.Arrays.equals(a.shape().asArray(), b.shape().asArray()),
        a.shape() + " vs " + b.shape());
    float[] p = new float[(int) a.size()];
    float[] q = new float[(int) b.size()];
    a.copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(p, false, false));
    b.copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(q, false, false));
    float max = 0;
    for (int i = 0; i < p.length; i++) {
      max = Math.max(max, Math.abs(p[i] - q[i]));
    }
    return max;
  }
}
