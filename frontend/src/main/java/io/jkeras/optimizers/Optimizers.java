package io.jkeras.optimizers;

/** Optimizers by Keras name. TEMPORARY stub until the optimizer family lands. */
public final class Optimizers {
  private Optimizers() {}

  public static Optimizer get(String name) {
    throw new UnsupportedOperationException("optimizers not implemented yet: " + name);
  }
}
