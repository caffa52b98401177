package io.jkeras.backend;

import io.jkeras.Model;
import java.util.List;
import java.util.ServiceLoader;

/**
 * A runtime that can run models (TensorFlow, through {@code jkeras-runtime-tf}); found on the class path with
 * {@link ServiceLoader}, so that {@code model.fit(...)} works when a runtime jar is present.
 */
public interface Backend {
  /** A short name, e.g. {@code tensorflow}. */
  String name();

  /**
   * Lowers a model onto this runtime.
   *
   * @param compile the normalized compile arguments, or {@code null} for a model used for prediction only
   */
  ModelRuntime create(Model model, CompileConfig compile, RuntimeOptions options);

  /**
   * The number of GPUs this runtime can use in this process (0 by default); {@code new MirroredStrategy()} makes
   * one replica per GPU.
   */
  default int gpuCount() {
    return 0;
  }

  /** The first backend on the class path; a clear error if there is none. */
  static Backend get() {
    List<Backend> found = ServiceLoader.load(Backend.class).stream().map(ServiceLoader.Provider::get).toList();
    if (found.isEmpty()) {
      throw new IllegalStateException(
          "No jkeras runtime found on the class path: training and prediction need one. Add the dependency"
              + " io.jkeras:jkeras-runtime-tf (TensorFlow) next to jkeras-frontend.");
    }
    return found.get(0);
  }
}
