package io.jkeras.losses;

/** Losses by Keras name. TEMPORARY stub until the loss family lands. */
public final class Losses {
  private Losses() {}

  public static Loss get(String name) {
    throw new UnsupportedOperationException("losses not implemented yet: " + name);
  }
}
