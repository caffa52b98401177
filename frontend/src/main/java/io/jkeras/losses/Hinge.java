package io.jkeras.losses;

/**
 * Keras' {@code keras.losses.Hinge}: per sample {@code mean(max(1 - y·p, 0))} over the last axis; labels that are
 * all 0 or 1 are first mapped to -1 and 1.
 *
 * <pre>{@code
 * Compile.optimizer("adam").loss(new Hinge());
 * }</pre>
 */
public final class Hinge extends BaseLoss {
  public Hinge() {
    super("hinge");
  }
}
