package io.jkeras.saving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jkeras.Compile;
import io.jkeras.Input;
import io.jkeras.Model;
import io.jkeras.Sequential;
import io.jkeras.SymbolicTensor;
import io.jkeras.Variable;
import io.jkeras.layers.BatchNormalization;
import io.jkeras.layers.Bidirectional;
import io.jkeras.layers.Dense;
import io.jkeras.layers.GRU;
import io.jkeras.layers.LSTM;
import io.jkeras.layers.MultiHeadAttention;
import io.jkeras.layers.SimpleRNN;
import io.jkeras.layers.TimeDistributed;
import io.jkeras.optimizers.Adagrad;
import io.jkeras.optimizers.Adam;
import io.jkeras.optimizers.Nadam;
import io.jkeras.optimizers.Optimizer;
import io.jkeras.optimizers.RMSprop;
import io.jkeras.optimizers.SGD;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * Keras 3's file layout without a runtime: where each weight and optimizer variable goes (as Keras 3.15.1's
 * {@code saving_lib} writes them, docs/SAVING.md), the HDF5 jkeras writes, earlier jkeras archives, and files
 * that are not Keras'. Files made by Python Keras are checked in runtime-tf's {@code KerasFilesTest}.
 */
class KerasFormatTest {
  @TempDir Path dir;

  private static Model recurrentAttentionModel() {
    SymbolicTensor in = Input.of(5, 4);
    SymbolicTensor x = new LSTM(3).returnSequences(true).apply(in);
    x = new Bidirectional(new GRU(2).returnSequences(true)).apply(x);
    x = new TimeDistributed(new Dense(3)).apply(x);
    x = new MultiHeadAttention(2, 2).apply(x, x);
    x = new BatchNormalization().apply(x);
    x = new SimpleRNN(2).apply(x);
    Sequential inner = new Sequential();
    inner.add(new Dense(2));
    inner.add(new Dense(2));
    inner.build(2);
    x = inner.apply(x);
    SymbolicTensor i2 = Input.of(2);
    Model fun = Model.of(i2, new Dense(2).apply(i2));
    return Model.of(in, fun.apply(x));
  }

  /** The groups Keras 3.15.1 writes for the same model (dump of its model.weights.h5, docs/SAVING.md). */
  @Test
  void compositeLayersAreKeyedAsKerasSavesThem() {
    Model m = recurrentAttentionModel();
    Map<String, List<Variable>> groups = KerasLayout.weightGroups(m);
    assertEquals(List.of("layers/lstm/cell", "layers/bidirectional/backward_layer/cell",
        "layers/bidirectional/forward_layer/cell", "layers/time_distributed/layer",
        "layers/multi_head_attention/query_dense", "layers/multi_head_attention/key_dense",
        "layers/multi_head_attention/value_dense", "layers/multi_head_attention/output_dense",
        "layers/batch_normalization", "layers/simple_rnn/cell", "layers/sequential/layers/dense",
        "layers/sequential/layers/dense_1", "layers/functional/layers/dense"), List.copyOf(groups.keySet()));
    List<String> names = new ArrayList<>();
    groups.get("layers/lstm/cell").forEach(v -> names.add(v.name()));
    groups.get("layers/multi_head_attention/output_dense").forEach(v -> names.add(v.name()));
    assertEquals(List.of("kernel", "recurrent_kernel", "bias", "attention_output/kernel", "attention_output/bias"),
        names);
    assertEquals(4, groups.get("layers/batch_normalization").size());
  }

  private static List<String> slotNames(Optimizer opt, Model m) {
    List<String> out = new ArrayList<>();
    KerasLayout.optimizerSlots(opt, m.trainableWeights()).forEach(s -> out.add(s.kind() + ":"
        + (s.weight() == null ? "-" : s.weight().path())));
    return out;
  }

  /** Keras 3.15.1's {@code optimizer.variables} for a two-layer model (after iteration and learning_rate). */
  @Test
  void optimizerVariablesFollowKerasBuildOrder() {
    Sequential m = new Sequential();
    m.add(new Dense(2).name("a"));
    m.add(new Dense(1).name("b"));
    m.build(3);
    assertEquals(List.of("momentum:a/kernel", "velocity:a/kernel", "momentum:a/bias", "velocity:a/bias",
        "momentum:b/kernel", "velocity:b/kernel", "momentum:b/bias", "velocity:b/bias"), slotNames(new Adam(), m));
    assertEquals(List.of("velocity:a/kernel", "velocity:a/bias", "velocity:b/kernel", "velocity:b/bias",
        "momentum:a/kernel", "momentum:a/bias", "momentum:b/kernel", "momentum:b/bias",
        "average_gradient:a/kernel", "average_gradient:a/bias", "average_gradient:b/kernel",
        "average_gradient:b/bias"), slotNames(new RMSprop().momentum(0.5).centered(true), m));
    assertEquals(List.of("velocity:a/kernel", "velocity:a/bias", "velocity:b/kernel", "velocity:b/bias"),
        slotNames(new RMSprop(), m));
    assertEquals(List.of(), slotNames(new SGD(), m));
    assertEquals(4, slotNames(new SGD().momentum(0.9), m).size());
    assertEquals("u_product:-", slotNames(new Nadam(), m).get(8));
    assertEquals(List.of("accumulator:a/kernel", "accumulator:a/bias", "accumulator:b/kernel",
        "accumulator:b/bias"), slotNames(new Adagrad(), m));
    assertEquals("adam/a_kernel_velocity",
        KerasLayout.optimizerSlots(new Adam(), m.trainableWeights()).get(1).runtimeName());
  }

  private static void fill(Model m) {
    List<FloatNdArray> w = new ArrayList<>();
    int k = 0;
    for (Variable v : m.weights()) {
      float[] f = new float[Math.toIntExact(v.size())];
      for (int i = 0; i < f.length; i++) {
        f[i] = 0.01f * (100 * k + i);
      }
      FloatNdArray a = NdArrays.ofFloats(v.shape());
      a.copyFrom(DataBuffers.of(f, true, false));
      w.add(a);
      k++;
    }
    m.setWeights(w);
  }

  @Test
  void weightsFileIsKerasHdf5() throws IOException {
    Model m = recurrentAttentionModel();
    fill(m);
    Path f = dir.resolve("m.weights.h5");
    m.saveWeights(f);
    assertTrue(Hdf5.isHdf5(f));
    try (HdfFile h5 = new HdfFile(f)) {
      // layers/multi_head_attention/output_dense/vars/0 is attention_output/kernel, shape (num_heads, key_dim, 3)
      Variable v = KerasLayout.weightGroups(m).get("layers/multi_head_attention/output_dense").get(0);
      assertArrayEquals(new int[] {2, 2, 3},
          h5.getDatasetByPath("layers/multi_head_attention/output_dense/vars/0").getDimensions());
      float[] saved = (float[]) h5.getDatasetByPath("layers/multi_head_attention/output_dense/vars/0")
          .getDataFlat();
      int index = m.weights().indexOf(v);
      float[] expected = new float[saved.length];
      m.getWeights().get(index).copyTo(DataBuffers.of(expected, false, false));
      assertArrayEquals(expected, saved);
      assertEquals("lstm_cell", h5.getByPath("layers/lstm/cell/vars").getAttribute("name").getData());
    }
    Model other = recurrentAttentionModel();
    other.loadWeights(f);
    for (int i = 0; i < m.weights().size(); i++) {
      assertEquals(m.getWeights().get(i), other.getWeights().get(i), m.weights().get(i).path());
    }
  }

  @Test
  void anHdf5FileOfSomethingElseIsNamedAsSuch() throws IOException {
    Hdf5.Group root = new Hdf5.Group();
    root.group("measurements").put("temperature", Npz.Array.ofFloats(new float[] {20.5f, 21f}, 2));
    Path f = Files.write(dir.resolve("data.h5"), Hdf5.toBytes(root));
    Model m = recurrentAttentionModel();
    SavingException e = assertThrows(SavingException.class, () -> m.loadWeights(f));
    assertTrue(e.getMessage().startsWith("Cannot load weights from " + f + " into model '" + m.name() + "':"
        + " neither a Keras nor a jkeras weights file (HDF5 without Keras' layers/<layer>/vars groups or the"
        + " legacy layer_names; its top level holds [measurements])"), e.getMessage());
    e = assertThrows(SavingException.class, () -> Model.load(f));
    assertTrue(e.getMessage().contains("an HDF5 file without a model_config attribute"), e.getMessage());
  }

  /**
   * A Keras 2 Sequential's JSON: the first layer carries {@code batch_input_shape} (Keras 3 puts an InputLayer
   * before it) and BatchNormalization's axis is a one-element list, as tf.keras 2 wrote them.
   */
  @Test
  void keras2SequentialJsonGetsItsInputLayer() {
    String json = "{\"class_name\": \"Sequential\", \"keras_version\": \"2.4.0\", \"backend\": \"tensorflow\","
        + " \"config\": {\"name\": \"sequential\", \"layers\": [{\"class_name\": \"Dense\", \"config\": {\"name\":"
        + " \"dense\", \"trainable\": true, \"batch_input_shape\": [null, 4], \"dtype\": \"float32\", \"units\": 3,"
        + " \"activation\": \"relu\", \"use_bias\": true, \"kernel_initializer\": {\"class_name\": \"GlorotUniform\","
        + " \"config\": {\"seed\": null}}, \"bias_initializer\": {\"class_name\": \"Zeros\", \"config\": {}}}},"
        + " {\"class_name\": \"BatchNormalization\", \"config\": {\"name\": \"batch_normalization\", \"axis\": [1],"
        + " \"momentum\": 0.99, \"epsilon\": 0.001, \"center\": true, \"scale\": true}},"
        + " {\"class_name\": \"Dense\", \"config\": {\"name\": \"dense_1\", \"units\": 2}}]}}";
    Model m = Model.fromJson(json);
    m.graph();
    assertEquals(List.of(12L, 3L, 3L, 3L, 3L, 3L, 6L, 2L), m.weights().stream().map(Variable::size).toList());
    assertArrayEquals(new long[] {-1, 4}, m.inputs().get(0).shape().asArray());
    assertEquals("dense_input", m.inputNames().get(0));
  }

  /** The archive at {@code from} with its config.json's compile_config replaced by {@code compileConfig}. */
  private Path withCompileConfig(Path from, String compileConfig) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (java.util.zip.ZipFile in = new java.util.zip.ZipFile(from.toFile());
        ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (ZipEntry e : in.stream().toList()) {
        byte[] content = in.getInputStream(e).readAllBytes();
        if (e.getName().equals("config.json")) {
          String config = new String(content, StandardCharsets.UTF_8);
          content = (config.substring(0, config.lastIndexOf('}')) + ", \"compile_config\": " + compileConfig + "}")
              .getBytes(StandardCharsets.UTF_8);
        }
        zip.putNextEntry(new ZipEntry(e.getName()));
        zip.write(content);
        zip.closeEntry();
      }
    }
    return Files.write(dir.resolve("with-compile-" + from.getFileName()), bytes.toByteArray());
  }

  /**
   * The compile_config Keras 3.15.1 writes for {@code model.compile("adam", {"cls":
   * "sparse_categorical_crossentropy", "reg": "mse"}, metrics={"cls": ["accuracy"], "reg": ["mae",
   * RootMeanSquaredError()]}, loss_weights={"cls": 1.0, "reg": 0.5})} and for a Sequential compiled with {@code
   * SGD(0.1), "sparse_categorical_crossentropy", metrics=["accuracy"]} (copied from its config.json).
   */
  @Test
  void kerasCompileConfigsWithMetricsAndLossWeightsAreRead() throws IOException {
    SymbolicTensor a = Input.builder(3).name("a").build();
    Map<String, SymbolicTensor> outs = new LinkedHashMap<>();
    outs.put("cls", new Dense(3).activation("softmax").name("cls").apply(a));
    outs.put("reg", new Dense(1).name("reg").apply(a));
    Model m = Model.of(Map.of("a", a), outs);
    fill(m); // weights held by the model (no runtime in the frontend's tests)
    Path f = dir.resolve("two.keras");
    m.save(f);
    String keras = "{\"optimizer\": {\"module\": \"keras.optimizers\", \"class_name\": \"Adam\", \"config\":"
        + " {\"name\": \"adam\", \"learning_rate\": 0.0010000000474974513, \"weight_decay\": null, \"clipnorm\":"
        + " null, \"global_clipnorm\": null, \"clipvalue\": null, \"use_ema\": false, \"ema_momentum\": 0.99,"
        + " \"ema_overwrite_frequency\": null, \"loss_scale_factor\": null, \"gradient_accumulation_steps\": null,"
        + " \"beta_1\": 0.9, \"beta_2\": 0.999, \"epsilon\": 1e-07, \"amsgrad\": false}, \"registered_name\": null},"
        + " \"loss\": {\"cls\": \"sparse_categorical_crossentropy\", \"reg\": \"mse\"}, \"loss_weights\": {\"cls\":"
        + " 1.0, \"reg\": 0.5}, \"metrics\": {\"cls\": [\"accuracy\"], \"reg\": [\"mae\", {\"module\":"
        + " \"keras.metrics\", \"class_name\": \"RootMeanSquaredError\", \"config\": {\"name\":"
        + " \"root_mean_squared_error\", \"dtype\": \"float32\"}, \"registered_name\": null}]},"
        + " \"weighted_metrics\": null, \"run_eagerly\": false, \"steps_per_execution\": 1, \"jit_compile\": false}";
    Model back = Model.load(withCompileConfig(f, keras));
    assertTrue(back.isCompiled());
    assertEquals("Adam", back.compileConfig().optimizer().className());
    assertEquals(0.001, back.compileConfig().optimizer().learningRate(), 1e-9);
    // The same call in jkeras resolves to the same compile config.
    m.compile(Compile.optimizer("adam").loss(Map.of("cls", "sparse_categorical_crossentropy", "reg", "mse"))
        .metrics(Map.of("cls", List.of("accuracy"), "reg", List.of("mae", new io.jkeras.metrics.RootMeanSquaredError())))
        .lossWeights(Map.of("cls", 1.0, "reg", 0.5)));
    assertEquals(describe(m.compileConfig()), describe(back.compileConfig()));
    assertEquals(List.of("cls: SparseCategoricalCrossentropy x1.0 [SparseCategoricalAccuracy]",
        "reg: MeanSquaredError x0.5 [MeanAbsoluteError, RootMeanSquaredError]"), describe(back.compileConfig()));

    Sequential s = new Sequential();
    s.add(new Dense(3).activation("softmax"));
    s.build(3);
    fill(s);
    Path g = dir.resolve("seq.keras");
    s.save(g);
    String sgd = "{\"optimizer\": {\"module\": \"keras.optimizers\", \"class_name\": \"SGD\", \"config\": {\"name\":"
        + " \"sgd\", \"learning_rate\": 0.10000000149011612, \"weight_decay\": null, \"clipnorm\": null,"
        + " \"global_clipnorm\": null, \"clipvalue\": null, \"use_ema\": false, \"ema_momentum\": 0.99,"
        + " \"ema_overwrite_frequency\": null, \"loss_scale_factor\": null, \"gradient_accumulation_steps\": null,"
        + " \"momentum\": 0.0, \"nesterov\": false}, \"registered_name\": null}, \"loss\":"
        + " \"sparse_categorical_crossentropy\", \"loss_weights\": null, \"metrics\": [\"accuracy\"],"
        + " \"weighted_metrics\": null, \"run_eagerly\": false, \"steps_per_execution\": 1, \"jit_compile\": false}";
    io.jkeras.backend.CompileConfig.OutputConfig o = Model.load(withCompileConfig(g, sgd)).compileConfig().outputs()
        .get(0);
    assertEquals("SparseCategoricalCrossentropy", o.loss().className());
    assertEquals("SparseCategoricalAccuracy", o.metrics().get(0).className()); // "accuracy" after a sparse loss
  }

  private static List<String> describe(io.jkeras.backend.CompileConfig c) {
    List<String> described = new ArrayList<>();
    for (io.jkeras.backend.CompileConfig.OutputConfig o : c.outputs()) {
      List<String> metrics = new ArrayList<>();
      o.metrics().forEach(x -> metrics.add(x.className()));
      described.add(o.outputName() + ": " + o.loss().className() + " x" + o.lossWeight() + " " + metrics);
    }
    return described;
  }

  /** An archive of jkeras format 1 (weights in model.weights.npz) still loads, with a warning to re-save. */
  @Test
  void earlierJkerasArchivesLoadWithAWarning() throws IOException {
    Sequential m = new Sequential();
    m.add(new Dense(3));
    m.add(new Dense(2));
    m.build(4);
    fill(m);
    Path npz = dir.resolve("w.npz");
    m.saveWeights(npz);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      Map<String, byte[]> entries = new LinkedHashMap<>();
      entries.put("metadata.json", "{\"keras_version\": \"3\", \"jkeras_format\": 1}".getBytes(
          StandardCharsets.UTF_8));
      entries.put("config.json", m.toJson().getBytes(StandardCharsets.UTF_8));
      entries.put("model.weights.npz", Files.readAllBytes(npz));
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue());
        zip.closeEntry();
      }
    }
    Path old = Files.write(dir.resolve("old.jkeras"), bytes.toByteArray());
    List<String> warnings = new ArrayList<>();
    Logger log = Logger.getLogger(ModelArchive.class.getName());
    Handler h = new Handler() {
      @Override
      public void publish(LogRecord r) {
        warnings.add(java.text.MessageFormat.format(r.getMessage(), r.getParameters()));
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    log.addHandler(h);
    try {
      Model back = Model.load(old);
      for (int i = 0; i < m.weights().size(); i++) {
        assertEquals(m.getWeights().get(i), back.getWeights().get(i));
      }
    } finally {
      log.removeHandler(h);
    }
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).startsWith(old + " was written by an earlier jkeras (weights in NumPy's .npz)"),
        warnings.get(0));
    assertTrue(warnings.get(0).contains("save the model again (model.save)"), warnings.get(0));
  }
}
