package io.jkeras.backend;

import java.util.OptionalLong;

/**
 * How the runtime runs a model: threads, seed, and the speed switches TensorFlow offers. Safe defaults: every
 * speed switch is off (TensorFlow's own defaults) until set; they apply when the runtime is created, i.e. at
 * the first {@code fit}/{@code evaluate}/{@code predict} after {@code compile}. docs/PERFORMANCE.md measures
 * each of them.
 *
 * <pre>{@code
 * RuntimeOptions opts = RuntimeOptions.defaults().intraOpThreads(2).seed(42);
 * model.runtimeOptions(RuntimeOptions.defaults().mixedPrecision("mixed_bfloat16").threadSpinning(false));
 * }</pre>
 */
public final class RuntimeOptions {
  private int intraOpThreads;
  private int interOpThreads;
  private Long seed;
  private boolean deterministic;
  private boolean jitCompile;
  private boolean logDevicePlacement;
  private String mixedPrecision = "float32";
  private boolean remapping = true;
  private boolean threadSpinning = true;

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

  /**
   * XLA JIT compilation of the step (off by default: on CPU it was measured slower). Sets the session's {@code
   * global_jit_level} to {@code ON_1}; TensorFlow applies it to CPU graphs only when the process runs with
   * {@code TF_XLA_FLAGS=--tf_xla_cpu_global_jit}.
   */
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

  /**
   * Keras' dtype policy for the computations: {@code "float32"} (default) or {@code "mixed_bfloat16"}, which
   * computes convolutions and matrix products in bfloat16 while the variables, the optimizer and the loss stay in
   * float32 (TensorFlow's grappler pass {@code auto_mixed_precision_onednn_bfloat16} inserts the casts, on CPUs
   * whose oneDNN supports bfloat16, e.g. with AVX512_BF16 or AMX).
   */
  public RuntimeOptions mixedPrecision(String policy) {
    if (!"float32".equals(policy) && !"mixed_bfloat16".equals(policy)) {
      throw new IllegalArgumentException("RuntimeOptions: mixed_precision policy must be 'float32' or"
          + " 'mixed_bfloat16' (the TensorFlow CPU runtime has no float16 kernels), got '" + policy + "'");
    }
    this.mixedPrecision = policy;
    return this;
  }

  /**
   * Op fusions (on by default, as in TensorFlow): TensorFlow's grappler remapper, which fuses op chains such as
   * Conv2D + BiasAdd + Relu, and the runtime's own fused Conv2D + bias + Relu op in the graph it trains through
   * (grappler cannot fuse that chain there, because TensorFlow's C++ Relu gradient reads the Relu's input; CPU
   * only, and not with bfloat16 mixed precision, which converts the plain chain better). Switching it off keeps
   * the plain ops everywhere, for comparison.
   */
  public RuntimeOptions remapping(boolean on) {
    this.remapping = on;
    return this;
  }

  /**
   * Whether idle TensorFlow worker threads spin before sleeping (on by default, as in TensorFlow); off gives the
   * cores back at once, which helps on machines shared with other work.
   */
  public RuntimeOptions threadSpinning(boolean on) {
    this.threadSpinning = on;
    return this;
  }

  public String mixedPrecision() {
    return mixedPrecision;
  }

  public boolean remapping() {
    return remapping;
  }

  public boolean threadSpinning() {
    return threadSpinning;
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
