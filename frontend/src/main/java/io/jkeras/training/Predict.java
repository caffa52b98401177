package io.jkeras.training;

import io.jkeras.callbacks.Callback;
import java.util.ArrayList;
import java.util.List;

/**
 * The options of Keras' {@code model.predict(...)}: batch size 32, verbose "auto" (= 1) by default.
 *
 * <pre>{@code
 * FloatNdArray probs = model.predict(xTest, Predict.batchSize(256).verbose(0));
 * }</pre>
 */
public final class Predict {
  private int batchSize = 32;
  private int verbose = 1;
  private Long steps;
  private final List<Callback> callbacks = new ArrayList<>();

  private Predict() {}

  public static Predict defaults() {
    return new Predict();
  }

  public static Predict batchSize(int batchSize) {
    return new Predict().setBatchSize(batchSize);
  }

  public Predict setBatchSize(int batchSize) {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("predict: batch_size must be > 0, got " + batchSize);
    }
    this.batchSize = batchSize;
    return this;
  }

  /** 0: silent, 1: a progress bar, 2: one line at the end. */
  public Predict verbose(int verbose) {
    this.verbose = Fit.checkVerbose("predict", verbose);
    return this;
  }

  /** Predict this many batches only. */
  public Predict steps(long steps) {
    if (steps <= 0) {
      throw new IllegalArgumentException("predict: steps must be > 0, got " + steps);
    }
    this.steps = steps;
    return this;
  }

  public Predict callbacks(Callback... callbacks) {
    this.callbacks.clear();
    this.callbacks.addAll(List.of(callbacks));
    return this;
  }

  public int batchSize() {
    return batchSize;
  }

  public int verbose() {
    return verbose;
  }

  public Long steps() {
    return steps;
  }

  public List<Callback> callbacks() {
    return List.copyOf(callbacks);
  }
}
