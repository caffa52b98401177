package io.jkeras.losses;

/**
 * Keras' {@code keras.losses.SquaredHinge}: per sample {@code mean(max(1 - y·p, 0)²)} over the last axis; labels
 * that are all 0 or 1 are first mapped to -1 and 1.
 *
 * <pre>{@code
 * Compile.optimizer("adam").loss(new SquaredHinge());
 * }</pre>
 */
public final class SquaredHinge extends BaseLoss {
  public SquaredHinge() {
    super("squared_hinge");
  }
}
