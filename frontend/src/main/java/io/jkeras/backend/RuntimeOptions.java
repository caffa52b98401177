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

  /** Seed for initial weights, dropout and shuffling. */
  public RuntimeOptions seed(long seed) {
    this.seed = seed;
    return this;
  }

  /** TensorFlow's op determinism: bit-identical results for identical runs, possibly slower. */
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
