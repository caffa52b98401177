package io.jkeras.training;

import io.jkeras.callbacks.Callback;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The options of Keras' {@code model.fit(...)}, with Keras' defaults: 1 epoch, batch size 32, verbose "auto"
 * (= 1), shuffle, no validation.
 *
 * <pre>{@code
 * History h = model.fit(xTrain, yTrain, Fit.epochs(3).batchSize(64).validationSplit(0.1));
 * }</pre>
 */
public final class Fit {
  private int epochs = 1;
  private int batchSize = 32;
  private int verbose = 1;
  private double validationSplit;
  private Object valX;
  private Object valY;
  private Object valSampleWeight;
  private boolean hasValidationData;
  private boolean shuffle = true;
  private int initialEpoch;
  private Map<Integer, Double> classWeight;
  private Object sampleWeight;
  private Long stepsPerEpoch;
  private Long validationSteps;
  private Integer validationBatchSize;
  private int validationFreq = 1;
  private final List<Callback> callbacks = new ArrayList<>();

  private Fit() {}

  /** Keras' defaults. */
  public static Fit defaults() {
    return new Fit();
  }

  /** Starts with the number of epochs. */
  public static Fit epochs(int epochs) {
    return new Fit().setEpochs(epochs);
  }

  /** The number of epochs to train for (the last epoch index + 1 when {@link #initialEpoch} is set). */
  public Fit setEpochs(int epochs) {
    if (epochs < 0) {
      throw new IllegalArgumentException("fit: epochs must be >= 0, got " + epochs);
    }
    this.epochs = epochs;
    return this;
  }

  /** Examples per step (default 32); the last batch of an epoch may be smaller. */
  public Fit batchSize(int batchSize) {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("fit: batch_size must be > 0, got " + batchSize);
    }
    this.batchSize = batchSize;
    return this;
  }

  /** 0: silent, 1: a progress bar, 2: one line per epoch. */
  public Fit verbose(int verbose) {
    this.verbose = checkVerbose("fit", verbose);
    return this;
  }

  /** Keras' {@code "auto"} (= 1). */
  public Fit verbose(String verbose) {
    this.verbose = parseVerbose("fit", verbose);
    return this;
  }

  /**
   * The fraction of the training data held out for validation: the LAST examples, taken before shuffling,
   * as Keras does. Only for arrays, not for {@link Batches}.
   */
  public Fit validationSplit(double fraction) {
    if (!(fraction >= 0 && fraction < 1)) {
      throw new IllegalArgumentException("fit: validation_split must be in [0, 1), got " + fraction);
    }
    this.validationSplit = fraction;
    return this;
  }

  /** Data to evaluate on after each epoch (takes precedence over {@link #validationSplit}). */
  public Fit validationData(Object x, Object y) {
    return validationData(x, y, null);
  }

  /** Validation data with sample weights. */
  public Fit validationData(Object x, Object y, Object sampleWeight) {
    this.valX = Objects.requireNonNull(x, "validation x");
    this.valY = y;
    this.valSampleWeight = sampleWeight;
    this.hasValidationData = true;
    return this;
  }

  /** Validation data given as batches. */
  public Fit validationData(Batches batches) {
    return validationData(batches, null, null);
  }

  /** Shuffle the training examples before each epoch (default true). */
  public Fit shuffle(boolean shuffle) {
    this.shuffle = shuffle;
    return this;
  }

  /** The epoch to start at (to resume training); epochs are numbered from 0. */
  public Fit initialEpoch(int initialEpoch) {
    if (initialEpoch < 0) {
      throw new IllegalArgumentException("fit: initial_epoch must be >= 0, got " + initialEpoch);
    }
    this.initialEpoch = initialEpoch;
    return this;
  }

  /** Weights per class index (single-output models); classes not listed weigh 1. */
  public Fit classWeight(Map<Integer, ? extends Number> classWeight) {
    Map<Integer, Double> m = new LinkedHashMap<>();
    classWeight.forEach((k, v) -> m.put(k, v.doubleValue()));
    this.classWeight = m;
    return this;
  }

  /**
   * Weights per example: one array of shape (N) for every output, or a map by output name, or a list in
   * output order.
   */
  public Fit sampleWeight(Object sampleWeight) {
    this.sampleWeight = sampleWeight;
    return this;
  }

  /** Steps per epoch; the data is continued across epochs, as Keras does. */
  public Fit stepsPerEpoch(long steps) {
    if (steps <= 0) {
      throw new IllegalArgumentException("fit: steps_per_epoch must be > 0, got " + steps);
    }
    this.stepsPerEpoch = steps;
    return this;
  }

  /** Steps of each validation run (all the validation data by default). */
  public Fit validationSteps(long steps) {
    if (steps <= 0) {
      throw new IllegalArgumentException("fit: validation_steps must be > 0, got " + steps);
    }
    this.validationSteps = steps;
    return this;
  }

  /** Batch size of the validation runs (the training batch size by default). */
  public Fit validationBatchSize(int batchSize) {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("fit: validation_batch_size must be > 0, got " + batchSize);
    }
    this.validationBatchSize = batchSize;
    return this;
  }

  /** Validate every {@code n} epochs (default 1). */
  public Fit validationFreq(int n) {
    if (n <= 0) {
      throw new IllegalArgumentException("fit: validation_freq must be > 0, got " + n);
    }
    this.validationFreq = n;
    return this;
  }

  /** Callbacks called during training, in order. */
  public Fit callbacks(Callback... callbacks) {
    return callbacks(List.of(callbacks));
  }

  /** Callbacks called during training, in order. */
  public Fit callbacks(List<? extends Callback> callbacks) {
    this.callbacks.clear();
    this.callbacks.addAll(callbacks);
    return this;
  }

  public int epochs() {
    return epochs;
  }

  public int batchSize() {
    return batchSize;
  }

  public int verbose() {
    return verbose;
  }

  public double validationSplit() {
    return validationSplit;
  }

  public boolean hasValidationData() {
    return hasValidationData;
  }

  public Object validationX() {
    return valX;
  }

  public Object validationY() {
    return valY;
  }

  public Object validationSampleWeight() {
    return valSampleWeight;
  }

  public boolean shuffle() {
    return shuffle;
  }

  public int initialEpoch() {
    return initialEpoch;
  }

  public Map<Integer, Double> classWeight() {
    return classWeight;
  }

  public Object sampleWeight() {
    return sampleWeight;
  }

  public Long stepsPerEpoch() {
    return stepsPerEpoch;
  }

  public Long validationSteps() {
    return validationSteps;
  }

  public Integer validationBatchSize() {
    return validationBatchSize;
  }

  public int validationFreq() {
    return validationFreq;
  }

  public List<Callback> callbacks() {
    return List.copyOf(callbacks);
  }

  static int checkVerbose(String method, int verbose) {
    if (verbose < 0 || verbose > 2) {
      throw new IllegalArgumentException(
          method + ": verbose must be 0 (silent), 1 (progress bar), 2 (one line per epoch) or \"auto\", got "
              + verbose);
    }
    return verbose;
  }

  static int parseVerbose(String method, String verbose) {
    if ("auto".equals(verbose)) {
      return 1;
    }
    try {
      return checkVerbose(method, Integer.parseInt(verbose));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          method + ": verbose must be 0, 1, 2 or \"auto\", got \"" + verbose + "\"", e);
    }
  }
}
