package io.jkeras.backend;

import java.util.OptionalLong;

/**
 * How the runtime runs a model: threads, seed, and the speed switches TensorFlow offers. Safe defaults.
 *
 * <pre>{@code
 * RuntimeOptions opts = RuntimeOptions.defaults().intraOpThreads(2).seed(42);
 * }</pre>
 */
public final class RuntimeOptions {
  private int intraOpThreads;
  private int interOpThreads;
  private Long seed;
  private boolean deterministic;
  private boolean jitCompile;
  private boolean logDevicePlacement;

  private RuntimeOptions() {}

  public static RuntimeOptions defaults() {
    return new RuntimeOptions();
  }

  /** Threads within one op (0: TensorFlow's choice, the number of cores). */
  public RuntimeOptions intraOpThreads(int n) {
    this.intraOpThreads = nonNegative("intra_op_threads", n);
    return this;
  }

  /** Ops run in parallel (0: TensorFlow's choice). */
  public RuntimeOptions interOpThreads(int n) {
    this.interOpThreads = nonNegative("inter_op_threads", n);
    return this;
  }

  /**
   * Seed for initial weights, dropout and the shuffling of {@code fit} (each fit of the model draws its shuffle
   * seed from a generator seeded with it). Without it, {@link io.jkeras.Keras#setRandomSeed}'s seed is used.
   */
  public RuntimeOptions seed(long seed) {
    this.seed = seed;
    return this;
  }

  /**
   * Bit-identical results for identical runs on the same machine and thread count, possibly slower: the
   * TensorFlow runtime runs one op at a time (inter-op parallelism 1; ops keep their intra-op threads).
   * Together with a {@link #seed} two runs of a program train to the same weights, bit for bit. TensorFlow's
   * op determinism for GPU kernels is read from the environment variable {@code TF_DETERMINISTIC_OPS=1} when
   * the native library loads and cannot be switched from Java; see docs/RELIABILITY.md.
   *
   * <pre>{@code
   * model.runtimeOptions(RuntimeOptions.defaults().seed(42).deterministic(true));
   * }</pre>
   */
  public RuntimeOptions deterministic(boolean on) {
    this.deterministic = on;
    return this;
  }

  /** XLA JIT compilation of the step (off by default: on CPU it was measured slower). */
  public RuntimeOptions jitCompile(boolean on) {
    this.jitCompile = on;
    return this;
  }

  /**
   * Log the device every op is placed on (TensorFlow's {@code log_device_placement}), to check that a GPU build
   * runs on the GPU: TensorFlow prints lines like {@code dense/MatMul: (MatMul):
   * /job:localhost/replica:0/task:0/device:GPU:0} to standard error when the session starts.
   */
  public RuntimeOptions logDevicePlacement(boolean on) {
    this.logDevicePlacement = on;
    return this;
  }

  public int intraOpThreads() {
    return intraOpThreads;
  }

  public int interOpThreads() {
    return interOpThreads;
  }

  public OptionalLong seed() {
    return seed == null ? OptionalLong.empty() : OptionalLong.of(seed);
  }

  public boolean deterministic() {
    return deterministic;
  }

  public boolean jitCompile() {
    return jitCompile;
  }

  public boolean logDevicePlacement() {
    return logDevicePlacement;
  }

  private static int nonNegative(String arg, int n) {
    if (n < 0) {
      throw new IllegalArgumentException("RuntimeOptions: " + arg + " must be >= 0, got " + n);
    }
    return n;
  }
}
