package io.jkeras.utils;

import java.util.List;
import java.util.Set;

/**
 * The arguments of {@link DatasetUtils#imageDatasetFromDirectory} and {@link
 * DatasetUtils#textDatasetFromDirectory}, with Keras' names and defaults ({@code labels="inferred"}, {@code
 * label_mode="int"}, {@code batch_size=32}, {@code image_size=(256, 256)}, {@code shuffle=True}, ...).
 *
 * <pre>{@code
 * DirectoryOptions o = DirectoryOptions.defaults().imageSize(180, 180).batchSize(32)
 *     .validationSplit(0.2).subset("training").seed(1337);
 * }</pre>
 */
public final class DirectoryOptions {
  String labels = "inferred";
  List<Integer> labelList;
  String labelMode = "int";
  List<String> classNames;
  String colorMode = "rgb";
  Integer batchSize = 32;
  int[] imageSize = {256, 256};
  boolean shuffle = true;
  Long seed;
  Double validationSplit;
  String subset;
  String interpolation = "bilinear";
  boolean followLinks;
  boolean cropToAspectRatio;
  boolean padToAspectRatio;
  Integer maxLength;
  boolean verbose = true;
  int parallelism = io.jkeras.data.Dataset.AUTOTUNE;

  private DirectoryOptions() {}

  /** Keras' defaults. */
  public static DirectoryOptions defaults() {
    return new DirectoryOptions();
  }

  /** Labels from the class subfolders ({@code "inferred"}, the default) or none ({@code null}). */
  public DirectoryOptions labels(String labels) {
    if (labels != null && !labels.equals("inferred")) {
      throw new IllegalArgumentException("`labels` argument should be \"inferred\", None (null) or a list of "
          + "integer labels; received: labels=" + labels);
    }
    this.labels = labels;
    this.labelList = null;
    return this;
  }

  /** Explicit integer labels, one per file in the sorted order of the files found (Keras' {@code labels=[...]}). */
  public DirectoryOptions labels(List<Integer> labels) {
    this.labels = "list";
    this.labelList = List.copyOf(labels);
    return this;
  }

  /** {@code "int"} (int32 class ids, default), {@code "categorical"} (one-hot), {@code "binary"} (0/1), or null. */
  public DirectoryOptions labelMode(String mode) {
    if (mode != null && !Set.of("int", "categorical", "binary").contains(mode)) {
      throw new IllegalArgumentException("`label_mode` argument must be one of \"int\", \"categorical\", "
          + "\"binary\", or None. Received: label_mode=" + mode);
    }
    this.labelMode = mode;
    return this;
  }

  /** The classes, in label order, a subset of the subfolders (default: all subfolders, sorted). */
  public DirectoryOptions classNames(List<String> names) {
    this.classNames = List.copyOf(names);
    return this;
  }

  /** {@code "rgb"} (3 channels, default), {@code "grayscale"} (1) or {@code "rgba"} (4). */
  public DirectoryOptions colorMode(String mode) {
    if (!Set.of("rgb", "grayscale", "rgba").contains(mode)) {
      throw new IllegalArgumentException("`color_mode` must be one of {\"rgb\", \"rgba\", \"grayscale\"}. Received: "
          + "color_mode=" + mode);
    }
    this.colorMode = mode;
    return this;
  }

  /** Elements per batch (32); {@code null} gives single elements. */
  public DirectoryOptions batchSize(Integer batchSize) {
    if (batchSize != null && batchSize < 1) {
      throw new IllegalArgumentException("batch_size must be positive, got " + batchSize);
    }
    this.batchSize = batchSize;
    return this;
  }

  /** The size images are resized to (256 x 256 by default). */
  public DirectoryOptions imageSize(int height, int width) {
    if (height < 1 || width < 1) {
      throw new IllegalArgumentException("Invalid `image_size` value. Expected a tuple of 2 positive integers. "
          + "Received: image_size=(" + height + ", " + width + ")");
    }
    this.imageSize = new int[] {height, width};
    return this;
  }

  /**
   * Keeps every image's own size (no resize): a jkeras extension of Keras' {@code image_size}; all images of a
   * batch must then have one size, else iterating fails naming two files of different sizes.
   */
  public DirectoryOptions noResize() {
    this.imageSize = null;
    return this;
  }

  /** Whether to shuffle the files (default true): once when listed, and at every pass in a buffer. */
  public DirectoryOptions shuffle(boolean shuffle) {
    this.shuffle = shuffle;
    return this;
  }

  /** The seed of the shuffles; with the same seed the files and the split are Keras' (NumPy's MT19937). */
  public DirectoryOptions seed(long seed) {
    this.seed = seed;
    return this;
  }

  /** The fraction of files kept for validation, in (0, 1); set {@link #subset} too. */
  public DirectoryOptions validationSplit(double fraction) {
    if (!(fraction > 0 && fraction < 1)) {
      throw new IllegalArgumentException("`validation_split` must be between 0 and 1, received: " + fraction);
    }
    this.validationSplit = fraction;
    return this;
  }

  /** {@code "training"} or {@code "validation"}: which part of the split to return. */
  public DirectoryOptions subset(String subset) {
    if (!Set.of("training", "validation").contains(subset)) {
      throw new IllegalArgumentException("`subset` must be either \"training\" or \"validation\" (call twice for "
          + "both), received: " + subset);
    }
    this.subset = subset;
    return this;
  }

  /** {@code "bilinear"} (default) or {@code "nearest"}. */
  public DirectoryOptions interpolation(String interpolation) {
    String i = interpolation.toLowerCase(java.util.Locale.ROOT);
    if (!Set.of("bilinear", "nearest").contains(i)) {
      throw new IllegalArgumentException("interpolation must be 'bilinear' or 'nearest' (the others Keras accepts "
          + "are not supported), got '" + interpolation + "'");
    }
    this.interpolation = i;
    return this;
  }

  /** Whether to follow symbolic links to subfolders (default false). */
  public DirectoryOptions followLinks(boolean follow) {
    this.followLinks = follow;
    return this;
  }

  /** Crops each image to the target's aspect ratio before resizing (no distortion). */
  public DirectoryOptions cropToAspectRatio(boolean crop) {
    this.cropToAspectRatio = crop;
    return this;
  }

  /** Pads each image to the target's aspect ratio before resizing ({@code tf.image.resize_with_pad}). */
  public DirectoryOptions padToAspectRatio(boolean pad) {
    this.padToAspectRatio = pad;
    return this;
  }

  /** Texts: keep at most this many bytes of each file (Keras' {@code max_length}). */
  public DirectoryOptions maxLength(int maxLength) {
    this.maxLength = maxLength;
    return this;
  }

  /** Whether to print Keras' "Found N files belonging to K classes." lines (default true). */
  public DirectoryOptions verbose(boolean verbose) {
    this.verbose = verbose;
    return this;
  }

  /** How many files are decoded at once ({@code Dataset.AUTOTUNE}: one per processor). */
  public DirectoryOptions parallelism(int threads) {
    this.parallelism = threads;
    return this;
  }
}
