package io.jkeras.losses;

/**
 * Keras' {@code keras.losses.LogCosh}: per sample {@code mean(log(cosh(p - y)))} over the last axis.
 *
 * <pre>{@code
 * Compile.optimizer("adam").loss(new LogCosh());
 * }</pre>
 */
public final class LogCosh extends BaseLoss {
  public LogCosh() {
    super("log_cosh");
  }
}
