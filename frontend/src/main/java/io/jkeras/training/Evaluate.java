package io.jkeras.training;

import io.jkeras.callbacks.Callback;
import java.util.ArrayList;
import java.util.List;

/**
 * The options of Keras' {@code model.evaluate(...)}: batch size 32, verbose "auto" (= 1) by default.
 *
 * <pre>{@code
 * Map<String, Double> scores = model.evaluate(xTest, yTest, Evaluate.batchSize(256).verbose(0));
 * }</pre>
 */
public final class Evaluate {
  private int batchSize = 32;
  private int verbose = 1;
  private Object sampleWeight;
  private Long steps;
  private final List<Callback> callbacks = new ArrayList<>();

  private Evaluate() {}

  /** Keras' defaults. */
  public static Evaluate defaults() {
    return new Evaluate();
  }

  /** Starts with a batch size. */
  public static Evaluate batchSize(int batchSize) {
    return new Evaluate().setBatchSize(batchSize);
  }

  public Evaluate setBatchSize(int batchSize) {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("evaluate: batch_size must be > 0, got " + batchSize);
    }
    this.batchSize = batchSize;
    return this;
  }

  /** 0: silent, 1: a progress bar, 2: one line at the end. */
  public Evaluate verbose(int verbose) {
    this.verbose = Fit.checkVerbose("evaluate", verbose);
    return this;
  }

  public Evaluate verbose(String verbose) {
    this.verbose = Fit.parseVerbose("evaluate", verbose);
    return this;
  }

  /** Weights per example: an array of shape (N), a map by output name, or a list in output order. */
  public Evaluate sampleWeight(Object sampleWeight) {
    this.sampleWeight = sampleWeight;
    return this;
  }

  /** Evaluate this many batches only. */
  public Evaluate steps(long steps) {
    if (steps <= 0) {
      throw new IllegalArgumentException("evaluate: steps must be > 0, got " + steps);
    }
    this.steps = steps;
    return this;
  }

  public Evaluate callbacks(Callback... callbacks) {
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

  public Object sampleWeight() {
    return sampleWeight;
  }

  public Long steps() {
    return steps;
  }

  public List<Callback> callbacks() {
    return List.copyOf(callbacks);
  }
}
