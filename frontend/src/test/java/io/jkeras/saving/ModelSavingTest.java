package io.jkeras.saving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Compile;
import io.jkeras.Input;
import io.jkeras.Keras;
import io.jkeras.Model;
import io.jkeras.Sequential;
import io.jkeras.SymbolicTensor;
import io.jkeras.Variable;
import io.jkeras.backend.CompileConfig;
import io.jkeras.layers.BatchNormalization;
import io.jkeras.layers.Dense;
import io.jkeras.metrics.SparseCategoricalAccuracy;
import io.jkeras.optimizers.Adam;
import io.jkeras.optimizers.ExponentialDecay;
import io.jkeras.losses.CategoricalCrossentropy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.StdArrays;

/** Model and weights files without a runtime: weights set before the first run travel as they are. */
class ModelSavingTest {
  @TempDir Path dir;

  @BeforeEach
  void setUp() {
    Keras.clearSession();
  }

  @AfterEach
  void tearDown() {
    AtomicFileWriter.beforeRenameHook = null;
  }

  /** Input(4) → Dense(hidden) → BatchNormalization → Dense(out, softmax), with distinct known weights. */
  private static Model mlp(int hidden, int out) {
    SymbolicTensor in = Input.of(4);
    SymbolicTensor h = new Dense(hidden).activation("relu").apply(in);
    h = new BatchNormalization().apply(h);
    Model m = Model.of(in, new Dense(out).activation("softmax").apply(h));
    fill(m, 0.01f);
    return m;
  }

  /** Sets weight k's element i to scale·(100·k + i), so every value says where it belongs. */
  private static void fill(Model m, float scale) {
    List<FloatNdArray> w = new ArrayList<>();
    int k = 0;
    for (Variable v : m.weights()) {
      float[] values = new float[(int) v.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = scale * (100 * k + i);
      }
      w.add(NdArrays.wrap(v.shape(), org.tensorflow.ndarray.buffer.DataBuffers.of(values, false, false)));
      k++;
    }
    m.setWeights(w);
  }

  private static void assertSameWeights(Model expected, Model actual) {
    List<FloatNdArray> a = expected.getWeights();
    List<FloatNdArray> b = actual.getWeights();
    assertEquals(a.size(), b.size());
    for (int i = 0; i < a.size(); i++) {
      assertEquals(a.get(i), b.get(i), "weight " + i + " " + expected.weights().get(i).path());
    }
  }

  // ---------------------------------------------------------------- .npy / .npz format

  /** The bytes of {@code np.save(buf, np.arange(6, dtype=np.float32).reshape(2, 3))} (NumPy 2.4), in hex. */
  private static final String NUMPY_2X3 = "934e554d5059010076007b276465736372273a20273c6634272c2027666f727472616e5f6f72646572273a2046616c73"
      + "652c20277368617065273a2028322c2033292c207d202020202020202020202020202020202020202020202020202020"
      + "202020202020202020202020202020202020202020202020202020202020200a000000000000803f0000004000004040"
      + "000080400000a040";
  /** The bytes of {@code np.save(buf, np.int64(7))}. */
  private static final String NUMPY_SCALAR = "934e554d5059010076007b276465736372273a20273c6938272c2027666f727472616e5f6f72646572273a2046616c73"
      + "652c20277368617065273a2028292c207d20202020202020202020202020202020202020202020202020202020202020"
      + "202020202020202020202020202020202020202020202020202020202020200a0700000000000000";

  @Test
  void npyBytesAreNumpys() {
    assertEquals(NUMPY_2X3, java.util.HexFormat.of().formatHex(
        Npz.npy(Npz.Array.ofFloats(new float[] {0, 1, 2, 3, 4, 5}, 2, 3))));
    assertEquals(NUMPY_SCALAR, java.util.HexFormat.of().formatHex(Npz.npy(Npz.Array.scalar(7L))));
  }

  @Test
  void npzRoundTripKeepsNamesShapesAndValues() throws IOException {
    Map<String, Npz.Array> arrays = new LinkedHashMap<>();
    arrays.put("layers/dense/vars/0", Npz.Array.ofFloats(new float[] {1.5f, -2, 3, 4, 5, 6}, 3, 2));
    arrays.put("optimizer/iterations", Npz.Array.scalar(123456789012L));
    Path f = dir.resolve("a.npz");
    Files.write(f, Npz.toBytes(arrays));
    Map<String, Npz.Array> back = Npz.read(f);
    assertEquals(arrays.keySet(), back.keySet());
    assertArrayEquals(new long[] {3, 2}, back.get("layers/dense/vars/0").shape());
    assertArrayEquals(new float[] {1.5f, -2, 3, 4, 5, 6}, back.get("layers/dense/vars/0").floats());
    assertArrayEquals(new long[] {123456789012L}, back.get("optimizer/iterations").longs());
  }

  @Test
  void pythonNumpyReadsTheWeightsFile() throws Exception {
    Model m = mlp(3, 2);
    Path f = dir.resolve("m.weights.npz");
    m.saveWeights(f);
    String script = "import numpy as np, sys\n"
        + "d = np.load(sys.argv[1])\n"
        + "print(sorted(d.files)); k = d['layers/dense_1/vars/0']; print(k.dtype, k.shape, round(float(k[2, 1]), 4))\n"
        // and writes a file jkeras reads: every weight doubled, as float64 (np.savez's defaults: zip64 entries)
        + "np.savez(sys.argv[2], **{n: d[n].astype(np.float64) * 2 for n in d.files})\n";
    String out;
    try {
      Process p = new ProcessBuilder("python3", "-c", script, f.toString(), dir.resolve("doubled.npz").toString())
          .redirectErrorStream(true).start();
      out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      Assumptions.assumeTrue(p.waitFor() == 0, "python3 with numpy not available: " + out);
    } catch (IOException e) {
      Assumptions.abort("python3 not available");
      return;
    }
    // dense (kernel, bias), batch_normalization (gamma, beta, moving_mean, moving_variance), dense_1 (kernel, bias).
    assertTrue(out.startsWith("['layers/batch_normalization/vars/0', 'layers/batch_normalization/vars/1',"
        + " 'layers/batch_normalization/vars/2', 'layers/batch_normalization/vars/3', 'layers/dense/vars/0',"
        + " 'layers/dense/vars/1', 'layers/dense_1/vars/0', 'layers/dense_1/vars/1']"), out);
    // model.weights() lists weights layer by layer as Keras does (dense: 2, batch_normalization: 4): dense_1's
    // kernel (3, 2) is weight 6, its element [2, 1] is flat index 5, so it holds 0.01·(600 + 5).
    assertEquals(m.weights().get(6).path(), m.layers().get(3).name() + "/kernel");
    assertTrue(out.contains("float32 (3, 2) 6.05"), out);
    Model doubled = mlp(3, 2);
    doubled.loadWeights(dir.resolve("doubled.npz"));
    for (int i = 0; i < m.weights().size(); i++) {
      FloatNdArray a = m.getWeights().get(i);
      FloatNdArray b = doubled.getWeights().get(i);
      a.scalars().forEachIndexed((idx, v) -> assertEquals(2 * v.getFloat(), b.getFloat(idx), 1e-6));
    }
  }

  @Test
  void nestedModelsAreKeyedAsKerasNestsThem() throws IOException {
    SymbolicTensor innerIn = Input.of(4);
    Model inner = Model.of(innerIn, new Dense(3).apply(innerIn));
    SymbolicTensor in = Input.of(4);
    Model outer = Model.of(in, new Dense(2).apply(inner.apply(in)));
    fill(outer, 0.1f);
    assertEquals(List.of("layers/functional/layers/dense", "layers/dense"),
        List.copyOf(ModelArchive.layerWeights(outer).keySet()));
    Path f = dir.resolve("nested.weights.npz");
    outer.saveWeights(f);
    SymbolicTensor innerIn2 = Input.of(4);
    Model inner2 = Model.of(innerIn2, new Dense(3).apply(innerIn2));
    SymbolicTensor in2 = Input.of(4);
    Model outer2 = Model.of(in2, new Dense(2).apply(inner2.apply(in2)));
    outer2.loadWeights(f);
    assertSameWeights(outer, outer2);
    Path m = dir.resolve("nested.jkeras");
    outer.save(m);
    assertSameWeights(outer, Model.load(m));
  }

  // ---------------------------------------------------------------- weights

  @Test
  void weightsRoundTripIntoAModelWithOtherLayerNames() throws IOException {
    Model a = mlp(3, 2);
    Path f = dir.resolve("a.weights.npz");
    a.saveWeights(f);
    Model b = mlp(3, 2); // built again: dense_2, batch_normalization_1, dense_3
    fill(b, -1f);
    assertFalse(a.layers().get(1).name().equals(b.layers().get(1).name()));
    b.loadWeights(f);
    assertSameWeights(a, b);
  }

  @Test
  void weightsOfAnotherArchitectureNameTheLayerAndBothShapes() throws IOException {
    Path f = dir.resolve("a.weights.npz");
    mlp(3, 2).saveWeights(f);
    Model other = mlp(3, 5);
    String before = other.getWeights().toString();
    SavingException e = assertThrows(SavingException.class, () -> other.loadWeights(f));
    String msg = e.getMessage();
    assertTrue(msg.contains(f.toString()), msg);
    assertTrue(msg.contains("layer '" + other.layers().get(3).name() + "' (Dense"), msg);
    assertTrue(msg.contains("weight 'kernel' has shape (3, 5) in the model but (3, 2) in the file"), msg);
    assertEquals(before, other.getWeights().toString(), "nothing is loaded when a weight does not fit");
  }

  @Test
  void missingAndExtraLayersAreNamed() throws IOException {
    Path f = dir.resolve("a.weights.npz");
    mlp(3, 2).saveWeights(f);
    SymbolicTensor in = Input.of(4);
    SymbolicTensor h = new Dense(3).activation("relu").apply(in);
    h = new BatchNormalization().apply(h);
    h = new Dense(2).apply(h);
    Model deeper = Model.of(in, new Dense(2).apply(h));
    String msg = assertThrows(SavingException.class, () -> deeper.loadWeights(f)).getMessage();
    assertTrue(msg.contains("the file has no weights for layer '" + deeper.layers().get(4).name()
        + "' (Dense, key 'layers/dense_2')"), msg);

    SymbolicTensor in2 = Input.of(4);
    Model shallow = Model.of(in2, new Dense(3).apply(in2));
    msg = assertThrows(SavingException.class, () -> shallow.loadWeights(f)).getMessage();
    assertTrue(msg.contains("the file holds weights for 'layers/batch_normalization', which model '"
        + shallow.name() + "' does not have"), msg);
  }

  @Test
  void setWeightsChecksCountAndShapes() {
    Model m = mlp(3, 2);
    List<FloatNdArray> w = new ArrayList<>(m.getWeights());
    w.set(0, NdArrays.ofFloats(org.tensorflow.ndarray.Shape.of(3, 4)));
    String msg = assertThrows(IllegalArgumentException.class, () -> m.setWeights(w)).getMessage();
    assertTrue(msg.contains("weight 0 'dense/kernel' has shape (4, 3), the array given has shape (3, 4)"), msg);
    msg = assertThrows(IllegalArgumentException.class, () -> m.setWeights(w.subList(0, 2))).getMessage();
    assertTrue(msg.contains("has 8 weights, setWeights got 2 arrays"), msg);
  }

  // ---------------------------------------------------------------- model files

  @Test
  void modelFileHoldsKerasEntriesAndRebuildsTheModel() throws IOException {
    Model m = mlp(3, 2);
    Path f = dir.resolve("m.jkeras");
    m.save(f);
    try (ZipFile zip = new ZipFile(f.toFile())) {
      assertEquals(List.of("metadata.json", "config.json", "model.weights.h5"),
          zip.stream().map(ZipEntry::getName).toList());
      String config = new String(zip.getInputStream(zip.getEntry("config.json")).readAllBytes(),
          StandardCharsets.UTF_8);
      assertEquals(m.toJson(), config, "config.json is the model JSON (no compile_config when uncompiled)");
    }
    Model back = Model.load(f);
    assertFalse(back.isCompiled());
    assertEquals(m.toJson(), back.toJson());
    assertSameWeights(m, back);
  }

  @Test
  void compiledModelComesBackCompiledPerOutput() throws IOException {
    SymbolicTensor in = Input.of(4);
    SymbolicTensor h = new Dense(8).activation("relu").apply(in);
    SymbolicTensor cls = new Dense(3).activation("softmax").name("classification_output").apply(h);
    SymbolicTensor reg = new Dense(1).name("regression_output").apply(h);
    Model m = Model.of(in, List.of(cls, reg));
    m.compile(Compile.optimizer(new Adam().beta1(0.8).learningRate(new ExponentialDecay(0.01, 100, 0.9, false)))
        .loss(Map.of("classification_output", "sparse_categorical_crossentropy", "regression_output", "mse"))
        .lossWeights(Map.of("classification_output", 1.0, "regression_output", 0.5))
        .metrics(Map.of("classification_output", List.of("accuracy"), "regression_output", List.of("mae"))));
    fill(m, 0.001f);
    Path f = dir.resolve("m.jkeras");
    m.save(f);
    Model back = Model.load(f);
    assertTrue(back.isCompiled());
    CompileConfig a = m.compileConfig();
    CompileConfig b = back.compileConfig();
    assertEquals(ModelSerializer.serializeValue(a.optimizer()), ModelSerializer.serializeValue(b.optimizer()));
    for (int i = 0; i < 2; i++) {
      CompileConfig.OutputConfig x = a.outputs().get(i);
      CompileConfig.OutputConfig y = b.outputs().get(i);
      assertEquals(x.outputName(), y.outputName());
      assertEquals(x.loss().className(), y.loss().className());
      assertEquals(x.lossWeight(), y.lossWeight());
      assertEquals(x.metrics().stream().map(mt -> mt.className() + ":" + mt.name()).toList(),
          y.metrics().stream().map(mt -> mt.className() + ":" + mt.name()).toList());
    }
    // "accuracy" on a sparse loss is sparse categorical accuracy, still logged as "accuracy".
    assertInstanceOf(SparseCategoricalAccuracy.class, b.outputs().get(0).metrics().get(0));
    assertSameWeights(m, back);
  }

  @Test
  void sequentialModelWithOneLossObject() throws IOException {
    Sequential s = new Sequential().add(Input.of(5));
    s.add(new Dense(4).activation("softmax"));
    s.compile(Compile.optimizer("rmsprop").loss(new CategoricalCrossentropy().labelSmoothing(0.1))
        .metrics("accuracy", "mae"));
    fill(s, 0.5f);
    Path f = dir.resolve("s.jkeras");
    s.save(f);
    Model back = Model.load(f);
    assertInstanceOf(Sequential.class, back);
    assertEquals(s.toJson(), back.toJson());
    assertEquals(ModelSerializer.serializeValue(s.compileConfig().outputs().get(0).loss()),
        ModelSerializer.serializeValue(back.compileConfig().outputs().get(0).loss()));
    assertEquals(List.of("accuracy", "mae"),
        back.compileConfig().outputs().get(0).metrics().stream().map(mt -> mt.name()).toList());
    assertSameWeights(s, back);
  }

  @Test
  void loadWeightsReadsTheWeightsOfAModelFile() throws IOException {
    Model a = mlp(3, 2);
    Path f = dir.resolve("a.jkeras");
    a.save(f);
    Model b = mlp(3, 2);
    fill(b, 2f);
    b.loadWeights(f);
    assertSameWeights(a, b);
  }

  // ---------------------------------------------------------------- atomic writes and bad files

  @Test
  void aFailureBeforeTheRenameLeavesThePreviousFileAndNoTemporaryFile() throws IOException {
    Model m = mlp(3, 2);
    Path f = dir.resolve("m.jkeras");
    m.save(f);
    byte[] before = Files.readAllBytes(f);
    fill(m, 7f);
    Path[] temp = new Path[1];
    AtomicFileWriter.beforeRenameHook = t -> {
      temp[0] = t;
      assertTrue(Files.size(t) > 0, "the new content is complete in the temporary file");
      assertEquals(f.getParent(), t.getParent(), "the temporary file is in the target's directory");
      throw new IOException("simulated crash between write and rename");
    };
    SavingException e = assertThrows(SavingException.class, () -> m.save(f));
    assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("simulated crash"),
        e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(f), "the previous file is intact");
    assertFalse(Files.exists(temp[0]));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(f), files.toList(), "no temporary file is left");
    }
    AtomicFileWriter.beforeRenameHook = null;
    m.saveWeights(dir.resolve("w.weights.npz"));
    AtomicFileWriter.beforeRenameHook = t -> {
      throw new IOException("simulated");
    };
    byte[] weightsBefore = Files.readAllBytes(dir.resolve("w.weights.npz"));
    assertThrows(SavingException.class, () -> mlp(3, 2).saveWeights(dir.resolve("w.weights.npz")));
    assertArrayEquals(weightsBefore, Files.readAllBytes(dir.resolve("w.weights.npz")));
  }

  @Test
  void missingDirectoryOrADirectoryAsTarget() throws IOException {
    Model m = mlp(3, 2);
    Path missing = dir.resolve("no/such/dir/m.jkeras");
    SavingException e = assertThrows(SavingException.class, () -> m.save(missing));
    assertEquals("Cannot write " + missing + ": directory " + missing.getParent() + " does not exist",
        e.getMessage());
    assertEquals(missing, e.path());
    Path sub = Files.createDirectory(dir.resolve("sub"));
    e = assertThrows(SavingException.class, () -> m.saveWeights(sub));
    assertTrue(e.getMessage().contains(sub + ": it is a directory"), e.getMessage());
    Path file = Files.writeString(dir.resolve("plain.txt"), "x");
    e = assertThrows(SavingException.class, () -> m.save(file.resolve("m.jkeras")));
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
  }

  @Test
  void unwritableDirectory() throws IOException {
    Path ro = Files.createDirectory(dir.resolve("ro"));
    Assumptions.assumeTrue(ro.toFile().setWritable(false, false));
    try {
      Assumptions.assumeFalse(Files.isWritable(ro), "running as root: permissions are not enforced");
      SavingException e = assertThrows(SavingException.class, () -> mlp(3, 2).save(ro.resolve("m.jkeras")));
      assertTrue(e.getMessage().contains(ro + " is not writable"), e.getMessage());
    } finally {
      ro.toFile().setWritable(true, false);
    }
  }

  private static String loadError(Path f) {
    return assertThrows(SavingException.class, () -> Model.load(f)).getMessage();
  }

  private static String weightsError(Path f) {
    return assertThrows(SavingException.class, () -> mlp(3, 2).loadWeights(f)).getMessage();
  }

  @Test
  void badFilesGiveClearErrors() throws IOException {
    Path missing = dir.resolve("missing.jkeras");
    assertEquals("Cannot load model from " + missing + ": no such file", loadError(missing));
    assertTrue(weightsError(missing).matches("Cannot load weights from \\Q" + missing
        + "\\E into model '.*': no such file"), weightsError(missing));

    Path empty = Files.write(dir.resolve("empty.jkeras"), new byte[0]);
    assertEquals("Cannot load model from " + empty + ": the file is empty", loadError(empty));
    assertTrue(weightsError(empty).matches("Cannot load weights from \\Q" + empty
        + "\\E into model '.*': the file is empty"), weightsError(empty));

    Path text = Files.writeString(dir.resolve("notes.txt"), "just some text\n");
    assertTrue(loadError(text).startsWith("Cannot load model from " + text + ": neither a Keras nor a jkeras"
        + " file (not a zip archive such as .keras or .npz, nor HDF5 such as .h5"), loadError(text));
    assertTrue(weightsError(text).contains(text + " into model") && weightsError(text).contains(": neither a Keras"
        + " nor a jkeras file"), weightsError(text));

    ByteArrayOutputStream zipBytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(zipBytes)) {
      zip.putNextEntry(new ZipEntry("hello.txt"));
      zip.write("hello".getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }
    Path foreign = Files.write(dir.resolve("foreign.zip"), zipBytes.toByteArray());
    assertEquals("Cannot load model from " + foreign + ": neither a Keras nor a jkeras model file (a zip without"
        + " metadata.json and config.json; entries: [hello.txt])", loadError(foreign));
    assertTrue(weightsError(foreign).contains(foreign + ": entry 'hello.txt' is not a .npy array"),
        weightsError(foreign));

    Model m = mlp(3, 2);
    Path good = dir.resolve("good.jkeras");
    m.save(good);
    byte[] bytes = Files.readAllBytes(good);
    Path truncated = Files.write(dir.resolve("truncated.jkeras"), Arrays.copyOf(bytes, bytes.length / 2));
    assertTrue(loadError(truncated).startsWith("Cannot load model from " + truncated
        + ": neither a Keras nor a jkeras file (not a zip archive"), loadError(truncated));
    assertTrue(loadError(truncated).contains("or truncated"), loadError(truncated));
    assertTrue(weightsError(truncated).contains(truncated.toString()));

    byte[] flipped = bytes.clone();
    for (int i = bytes.length / 2; i < bytes.length / 2 + 8; i++) {
      flipped[i] ^= 0x5a; // inside the stored weights
    }
    Path corrupt = Files.write(dir.resolve("corrupt.jkeras"), flipped);
    assertTrue(loadError(corrupt).startsWith("Cannot load model from " + corrupt), loadError(corrupt));
    assertTrue(loadError(corrupt).contains("corrupt"), loadError(corrupt));

    Path weightsFile = dir.resolve("w.weights.npz");
    m.saveWeights(weightsFile);
    assertEquals("Cannot load model from " + weightsFile + ": neither a Keras nor a jkeras model file (a zip without"
        + " metadata.json and config.json; entries: [layers/dense/vars/0.npy, layers/dense/vars/1.npy,"
        + " layers/batch_normalization/vars/0.npy, layers/batch_normalization/vars/1.npy,"
        + " layers/batch_normalization/vars/2.npy, layers/batch_normalization/vars/3.npy,"
        + " layers/dense_1/vars/0.npy, layers/dense_1/vars/1.npy])", loadError(weightsFile));
    byte[] w = Files.readAllBytes(weightsFile);
    Path cut = Files.write(dir.resolve("cut.weights.npz"), Arrays.copyOf(w, w.length - 100));
    assertTrue(weightsError(cut).startsWith("Cannot load weights from " + cut + " into model"), weightsError(cut));
    assertTrue(weightsError(cut).contains("or truncated"), weightsError(cut));

    Path h5 = dir.resolve("w.weights.h5");
    m.saveWeights(h5);
    byte[] h = Files.readAllBytes(h5);
    Path cutH5 = Files.write(dir.resolve("cut.weights.h5"), Arrays.copyOf(h, h.length / 2));
    assertTrue(weightsError(cutH5).contains(cutH5 + " into model"), weightsError(cutH5));
    assertTrue(weightsError(cutH5).contains("not a readable HDF5 file (truncated or corrupt"), weightsError(cutH5));
    assertTrue(loadError(cutH5).startsWith("Cannot load model from " + cutH5 + ": not a readable HDF5 file"
        + " (truncated or corrupt"), loadError(cutH5));
    assertEquals("Cannot load model from " + h5 + ": an HDF5 file without a model_config attribute: a weights"
        + " file? Build the model and call model.loadWeights(path)", loadError(h5));
  }

  @Test
  void aKerasArchiveWithATruncatedHdf5FileIsNamedAsSuch() throws IOException {
    Path good = dir.resolve("good.keras");
    mlp(3, 2).save(good);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipFile in = new ZipFile(good.toFile()); ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (ZipEntry e : in.stream().toList()) {
        byte[] content = in.getInputStream(e).readAllBytes();
        zip.putNextEntry(new ZipEntry(e.getName()));
        zip.write(e.getName().equals("model.weights.h5") ? Arrays.copyOf(content, content.length / 2) : content);
        zip.closeEntry();
      }
    }
    Path f = Files.write(dir.resolve("cut-h5.keras"), bytes.toByteArray());
    String msg = loadError(f);
    assertTrue(msg.startsWith("Cannot load model from " + f + " (model.weights.h5): not a readable HDF5 file"
        + " (truncated or corrupt"), msg);
    Model m = mlp(3, 2);
    String weights = assertThrows(SavingException.class, () -> m.loadWeights(f)).getMessage();
    assertTrue(weights.contains("(model.weights.h5): not a readable HDF5 file"), weights);
  }

  @Test
  void uncompiledModelSavedWithoutOptimizerState() throws IOException {
    Path f = dir.resolve("m.jkeras");
    mlp(3, 2).save(f);
    ModelArchive.Loaded l = ModelArchive.load(f);
    assertNull(l.compile());
    assertNull(l.state());
  }
}
