package io.jkeras.tf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;

/**
 * A SavedModel loaded for inference — one written by {@code model.exportSavedModel(dir)} or by Python
 * Keras/TensorFlow — called by input name through one of its signatures ({@code serving_default} by default).
 * A thin wrapper over TF Java's {@link SavedModelBundle} that checks names, shapes and types before the call.
 *
 * <pre>{@code
 * try (SavedModel served = SavedModel.load(Path.of("target/mnist-savedmodel"))) {
 *   FloatNdArray probabilities = served.predict(images);                     // one input, one output
 *   Map<String, FloatNdArray> out = served.predict(Map.of("image", images)); // by name
 * }
 * }</pre>
 *
 * <p>Safe to call from several threads at once; close it once.
 */
public final class SavedModel implements AutoCloseable {
  private final Path dir;
  private final SavedModelBundle bundle;
  private final SessionFunction function;
  private final Signature signature;
  private volatile boolean closed;

  private SavedModel(Path dir, SavedModelBundle bundle, SessionFunction function) {
    this.dir = dir;
    this.bundle = bundle;
    this.function = function;
    this.signature = function.signature();
  }

  /** Loads the {@code serve} tag of the SavedModel in {@code dir} and its {@code serving_default} signature. */
  public static SavedModel load(Path dir) throws IOException {
    return load(dir, Signature.DEFAULT_KEY);
  }

  /** Loads the {@code serve} tag of the SavedModel in {@code dir} and the signature {@code signatureKey}. */
  public static SavedModel load(Path dir, String signatureKey) throws IOException {
    Objects.requireNonNull(dir, "dir");
    if (!Files.isDirectory(dir)) {
      throw new NoSuchFileException(dir.toString(), null, "no SavedModel directory");
    }
    if (!Files.exists(dir.resolve("saved_model.pb")) && !Files.exists(dir.resolve("saved_model.pbtxt"))) {
      throw new IOException("Not a SavedModel: " + dir + " has no saved_model.pb");
    }
    SavedModelBundle bundle;
    try {
      SavedModelBundle[] loaded = new SavedModelBundle[1];
      NativeLogging.firstRun(() -> loaded[0] = SavedModelBundle.load(dir.toString(), SavedModelBundle.DEFAULT_TAG));
      bundle = loaded[0];
    } catch (RuntimeException e) {
      throw new IOException("Cannot load the SavedModel in " + dir + " (corrupt, truncated or not a SavedModel?): "
          + firstLine(e.getMessage()), e);
    }
    try {
      checkVariablesPresent(dir, bundle);
      List<String> keys = new ArrayList<>();
      bundle.signatures().forEach(s -> keys.add(s.key()));
      if (!keys.contains(signatureKey)) {
        throw new IllegalArgumentException(
            "SavedModel " + dir + " has no signature '" + signatureKey + "'; signatures: " + keys);
      }
      return new SavedModel(dir, bundle, bundle.function(signatureKey));
    } catch (RuntimeException | IOException e) {
      bundle.close();
      throw e;
    }
  }

  /**
   * TF loads a SavedModel whose {@code variables/} folder is missing without restoring anything, and fails only
   * at the first call ("uninitialized value"): say so at load time instead.
   */
  private static void checkVariablesPresent(Path dir, SavedModelBundle bundle) throws IOException {
    if (Files.exists(dir.resolve("variables").resolve("variables.index"))) {
      return;
    }
    var ops = bundle.graph().operations();
    while (ops.hasNext()) {
      String type = ops.next().type();
      if (type.equals("VariableV2") || type.equals("VarHandleOp") || type.equals("Variable")) {
        throw new IOException("Cannot load the SavedModel in " + dir + ": its graph has variables but "
            + dir.resolve("variables").resolve("variables.index") + " is missing (an incomplete copy?)");
      }
    }
  }

  /** The signature's input names, in a stable order. */
  public List<String> inputNames() {
    return List.copyOf(signature.inputNames());
  }

  /** The signature's output names, in a stable order. */
  public List<String> outputNames() {
    return List.copyOf(signature.outputNames());
  }

  /** The declared shape of an input ({@link Shape#UNKNOWN_SIZE} for the batch dimension). */
  public Shape inputShape(String name) {
    return description(signature.getInputs(), name, "input").shape;
  }

  /** Runs a model with one input and one output. */
  public FloatNdArray predict(NdArray<?> input) {
    if (signature.inputNames().size() != 1 || signature.outputNames().size() != 1) {
      throw new IllegalStateException("SavedModel " + dir + " has inputs " + inputNames() + " and outputs "
          + outputNames() + "; call predict(Map) with inputs by name");
    }
    String in = signature.inputNames().iterator().next();
    if (input == null) {
      throw new IllegalArgumentException("SavedModel " + dir + ": input '" + in + "' is null");
    }
    return predict(Map.of(in, input)).values().iterator().next();
  }

  /** Runs the signature on inputs given by name; returns every output by name. */
  public Map<String, FloatNdArray> predict(Map<String, ? extends NdArray<?>> inputs) {
    if (closed) {
      throw new IllegalStateException("SavedModel " + dir + " is closed");
    }
    Objects.requireNonNull(inputs, "inputs");
    for (String name : inputs.keySet()) {
      if (!signature.inputNames().contains(name)) {
        throw new IllegalArgumentException(
            "SavedModel " + dir + " has no input '" + name + "'; inputs: " + inputNames());
      }
    }
    Map<String, Tensor> feeds = new LinkedHashMap<>();
    try {
      for (String name : signature.inputNames()) {
        NdArray<?> x = inputs.get(name);
        if (x == null) {
          throw new IllegalArgumentException(
              "SavedModel " + dir + ": input '" + name + "' is missing; inputs: " + inputNames());
        }
        Signature.TensorDescription d = signature.getInputs().get(name);
        if (!TfTensors.fits(d.shape, x.shape())) {
          throw TfTensors.shapeError("SavedModel input '" + name + "'", d.shape, x.shape());
        }
        Class<?> given = TfTensors.typeOf(x);
        if (given == null || !typeName(d.dataType).equals(TfTensors.typeName(TfTensors.typeOf(x)))) {
          throw new IllegalArgumentException("SavedModel input '" + name + "' takes " + typeName(d.dataType)
              + ", got an array of " + (given == null ? x.getClass().getSimpleName()
                  : TfTensors.typeName(TfTensors.typeOf(x))) + " (shape " + io.jkeras.util.Shapes.format(x.shape())
              + ")");
        }
        feeds.put(name, TfTensors.toTensor(x));
      }
      try (var result = function.call(feeds)) {
        Map<String, FloatNdArray> out = new LinkedHashMap<>();
        for (String name : signature.outputNames()) {
          Tensor t = result.get(name).orElseThrow();
          if (t.dataType() != DataType.DT_FLOAT) {
            throw new IllegalStateException("SavedModel output '" + name + "' is " + t.dataType()
                + "; only float32 outputs are read");
          }
          out.put(name, TfTensors.copyOf((TFloat32) t));
        }
        return out;
      }
    } catch (RuntimeException e) {
      throw TfErrors.wrap("SavedModel " + dir + ", signature '" + signature.key() + "'", e);
    } finally {
      feeds.values().forEach(Tensor::close);
    }
  }

  /** TF's {@code DT_FLOAT} as Keras says it, {@code float32}. */
  private static String typeName(DataType t) {
    return switch (t) {
      case DT_FLOAT -> "float32";
      case DT_DOUBLE -> "float64";
      case DT_INT32 -> "int32";
      case DT_INT64 -> "int64";
      case DT_UINT8 -> "uint8";
      default -> t.name().toLowerCase(java.util.Locale.ROOT).replace("dt_", "");
    };
  }

  private Signature.TensorDescription description(
      Map<String, Signature.TensorDescription> all, String name, String what) {
    Signature.TensorDescription d = all.get(name);
    if (d == null) {
      throw new IllegalArgumentException(
          "SavedModel " + dir + " has no " + what + " '" + name + "'; " + what + "s: " + all.keySet());
    }
    return d;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unknown error";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      bundle.close();
    }
  }
}
