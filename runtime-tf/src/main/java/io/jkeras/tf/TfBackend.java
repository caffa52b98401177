package io.jkeras.tf;

import io.jkeras.Model;
import io.jkeras.backend.Backend;
import io.jkeras.backend.CompileConfig;
import io.jkeras.backend.ModelRuntime;
import io.jkeras.backend.RuntimeOptions;
import java.util.Objects;

/**
 * The TensorFlow runtime, found by {@link java.util.ServiceLoader} when {@code jkeras-runtime-tf} is on the
 * class path; {@code model.fit(...)} uses it through {@link Backend#get()}.
 *
 * <pre>{@code
 * ModelRuntime rt = Backend.get().create(model, compileConfig, RuntimeOptions.defaults().seed(42));
 * }</pre>
 */
public final class TfBackend implements Backend {
  @Override
  public String name() {
    return "tensorflow";
  }

  /** The GPUs TensorFlow sees ({@link TfDevices}); 0 with the CPU-only native build. */
  @Override
  public int gpuCount() {
    return (int) TfDevices.list().stream().filter(d -> d.type().equals("GPU")).count();
  }

  @Override
  public TfModelRuntime create(Model model, CompileConfig compile, RuntimeOptions options) {
    Objects.requireNonNull(model, "model");
    return new TfModelRuntime(model, compile, options == null ? RuntimeOptions.defaults() : options);
  }
}
