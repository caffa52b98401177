package io.jkeras.utils;

import io.jkeras.data.Dataset;
import io.jkeras.training.Batches;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/**
 * Keras' dataset loaders ({@code keras.utils.image_dataset_from_directory}, {@code text_dataset_from_directory},
 * {@code timeseries_dataset_from_array}), returning {@link Dataset}s that {@code fit}, {@code evaluate} and
 * {@code predict} take. The directory loaders list the files once (Keras' order and split for the same seed),
 * then read them anew at every pass on a thread pool, so an epoch streams data of any size.
 *
 * <pre>{@code
 * // main_directory/class_a/*.png, main_directory/class_b/*.png
 * DirectoryDataset train = DatasetUtils.imageDatasetFromDirectory(Path.of("main_directory"),
 *     DirectoryOptions.defaults().imageSize(180, 180).validationSplit(0.2).subset("training").seed(1337));
 * model.fit(train, Fit.epochs(10));
 * }</pre>
 */
public final class DatasetUtils {
  private DatasetUtils() {}

  /** Keras' {@code ALLOWLIST_FORMATS} of images. */
  static final List<String> IMAGE_FORMATS = List.of(".bmp", ".gif", ".jpeg", ".jpg", ".png");

  /**
   * Images from class subfolders, as Keras' {@code image_dataset_from_directory}: elements {@code (images,
   * labels)}, images float32 {@code (batch, height, width, channels)} in [0, 255], labels int32 {@code (batch)}
   * ({@code "int"}), float32 one-hot {@code (batch, classes)} ({@code "categorical"}) or float32 {@code (batch,
   * 1)} ({@code "binary"}). Formats: PNG, JPEG, BMP, GIF (first frame), decoded with {@code javax.imageio}.
   * A class folder without images is an error naming it; an unreadable file is skipped and logged.
   */
  public static DirectoryDataset imageDatasetFromDirectory(Path directory, DirectoryOptions options) {
    DirectoryOptions o = options;
    int channels = switch (o.colorMode) {
      case "grayscale" -> 1;
      case "rgba" -> 4;
      default -> 3;
    };
    if (o.cropToAspectRatio && o.padToAspectRatio) {
      throw new IllegalArgumentException("Only one of `pad_to_aspect_ratio`, `crop_to_aspect_ratio` can be set to "
          + "`True`.");
    }
    return fromDirectory("image_dataset_from_directory", directory, o, IMAGE_FORMATS, (file, label, classes) -> {
      ImageFiles.Pixels p = ImageFiles.decode(file, channels);
      if (o.imageSize != null) {
        int th = o.imageSize[0];
        int tw = o.imageSize[1];
        if (o.cropToAspectRatio) {
          p = ImageFiles.resize(ImageFiles.cropToAspectRatio(p, th, tw), th, tw, o.interpolation);
        } else if (o.padToAspectRatio) {
          p = resizeWithPad(p, th, tw, o.interpolation);
        } else {
          p = ImageFiles.resize(p, th, tw, o.interpolation);
        }
      }
      return p.toNdArray();
    }, o.imageSize == null);
  }

  /** {@link #imageDatasetFromDirectory(Path, DirectoryOptions)} with Keras' defaults. */
  public static DirectoryDataset imageDatasetFromDirectory(Path directory) {
    return imageDatasetFromDirectory(directory, DirectoryOptions.defaults());
  }

  /**
   * Texts from class subfolders of {@code .txt} files, as Keras' {@code text_dataset_from_directory}: elements
   * {@code (texts, labels)}, texts an {@code NdArray<String>} of shape {@code (batch)} (UTF-8, cut to {@code
   * max_length} bytes), labels as in {@link #imageDatasetFromDirectory}.
   */
  public static DirectoryDataset textDatasetFromDirectory(Path directory, DirectoryOptions options) {
    DirectoryOptions o = options;
    return fromDirectory("text_dataset_from_directory", directory, o, List.of(".txt"), (file, label, classes) -> {
      byte[] bytes = Files.readAllBytes(file);
      if (o.maxLength != null && bytes.length > o.maxLength) {
        bytes = java.util.Arrays.copyOf(bytes, o.maxLength);
      }
      return new String(bytes, StandardCharsets.UTF_8);
    }, false);
  }

  /** {@link #textDatasetFromDirectory(Path, DirectoryOptions)} with Keras' defaults. */
  public static DirectoryDataset textDatasetFromDirectory(Path directory) {
    return textDatasetFromDirectory(directory, DirectoryOptions.defaults());
  }

  @FunctionalInterface
  private interface Reader {
    Object read(Path file, Integer label, int classes) throws IOException;
  }

  private static DirectoryDataset fromDirectory(String function, Path directory, DirectoryOptions o,
      List<String> formats, Reader reader, boolean sameSizeCheck) {
    if (!Files.isDirectory(directory)) {
      throw new IllegalArgumentException(function + ": " + directory + " is not a directory");
    }
    checkValidationSplit(o);
    long seed = o.seed != null ? o.seed : new java.util.Random().nextInt(1_000_000);
    boolean inferred = "inferred".equals(o.labels);
    String labelMode = o.labels == null ? null : o.labelMode;
    Index index = index(function, directory, o, formats, seed);
    if ("binary".equals(labelMode) && index.classNames.size() != 2) {
      throw new IllegalArgumentException(function + ": When passing `label_mode=\"binary\"`, there must be exactly "
          + "2 class_names. Received: class_names=" + index.classNames);
    }
    List<Path> files = index.files;
    List<Integer> labels = index.labels;
    if (o.validationSplit != null) {
      int n = files.size();
      int numVal = (int) (o.validationSplit * n);
      boolean training = o.subset.equals("training");
      int from = training ? 0 : n - numVal;
      int to = training ? n - numVal : n;
      files = new ArrayList<>(files.subList(from, to));
      labels = labels == null ? null : new ArrayList<>(labels.subList(from, to));
      if (o.verbose) {
        System.out.println("Using " + files.size() + " files for " + o.subset + ".");
      }
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException(function + ": No " + (o.subset == null ? "" : o.subset + " ")
          + "files found in directory " + directory + ". Allowed formats: " + formats);
    }
    List<Path> finalFiles = files;
    List<Integer> finalLabels = labels;
    int classes = index.classNames == null ? 0 : index.classNames.size();
    DirectoryDataset.Loader loader = i -> {
      Integer label = finalLabels == null ? null : finalLabels.get(i);
      Object x = reader.read(finalFiles.get(i), label, classes);
      return new Batches.Item(x, labelValue(label, labelMode, classes), null);
    };
    return new DirectoryDataset(function, files, inferred || o.labelList != null ? index.classNames : null, loader,
        o.batchSize, o.shuffle, seed, o.parallelism, sameSizeCheck);
  }

  private static Object labelValue(Integer label, String mode, int classes) {
    if (label == null || mode == null) {
      return null;
    }
    return switch (mode) {
      case "categorical" -> {
        FloatNdArray hot = NdArrays.ofFloats(Shape.of(classes));
        hot.setFloat(1f, label);
        yield hot;
      }
      case "binary" -> NdArrays.vectorOf((float) label);
      default -> label;
    };
  }

  private static void checkValidationSplit(DirectoryOptions o) {
    if ((o.validationSplit != null || o.subset != null) && !(o.validationSplit != null && o.subset != null)) {
      throw new IllegalArgumentException("If `subset` is set, `validation_split` must be set, and inversely.");
    }
    if (o.validationSplit != null && o.shuffle && o.seed == null) {
      throw new IllegalArgumentException("If using `validation_split` and shuffling the data, you must provide a "
          + "`seed` argument, to make sure that there is no overlap between the training and validation subset.");
    }
  }

  /** The files found, their labels and the class names: Keras' {@code index_directory}. */
  private record Index(List<Path> files, List<Integer> labels, List<String> classNames) {}

  private static Index index(String function, Path directory, DirectoryOptions o, List<String> formats, long seed) {
    List<String> subdirs = new ArrayList<>();
    boolean inferred = "inferred".equals(o.labels);
    if (inferred) {
      try (Stream<Path> s = Files.list(directory)) {
        s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("."))
            .forEach(subdirs::add);
      } catch (IOException e) {
        throw new UncheckedIOException(function + ": cannot list " + directory, e);
      }
      subdirs.sort(DatasetUtils::compareCodePoints);
      if (o.classNames != null) {
        if (!subdirs.containsAll(o.classNames)) {
          throw new IllegalArgumentException(function + ": The `class_names` passed did not match the names of the "
              + "subdirectories of the target directory. Expected: " + subdirs + " (or a subset of it), but received: "
              + "class_names=" + o.classNames);
        }
        subdirs = new ArrayList<>(o.classNames);
      }
    } else {
      if (o.classNames != null) {
        throw new IllegalArgumentException(function + ": When argument `labels` is not \"inferred\", argument "
            + "`class_names` cannot be specified.");
      }
      subdirs.add("");
    }
    List<Path> files = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    for (int c = 0; c < subdirs.size(); c++) {
      Path dir = subdirs.get(c).isEmpty() ? directory : directory.resolve(subdirs.get(c));
      List<Path> found = walk(function, dir, formats, o.followLinks);
      if (inferred && found.isEmpty()) {
        throw new IllegalArgumentException(function + ": class folder '" + subdirs.get(c) + "' (" + dir + ") has no "
            + "files of the allowed formats " + formats + "; add files to it, remove it, or list the classes to use "
            + "with classNames(...)");
      }
      for (Path f : found) {
        files.add(f);
        labels.add(c);
      }
    }
    List<String> classNames = subdirs;
    List<Integer> labelOut = labels;
    if (o.labels == null) {
      labelOut = null;
      classNames = null;
    } else if (o.labelList != null) {
      if (o.labelList.size() != files.size()) {
        throw new IllegalArgumentException(function + ": Expected the lengths of `labels` to match the number of "
            + "files in the target directory. len(labels) is " + o.labelList.size() + " while we found "
            + files.size() + " files in directory " + directory + ".");
      }
      labelOut = new ArrayList<>(o.labelList);
      classNames = new ArrayList<>();
      for (Integer l : new java.util.TreeSet<>(o.labelList)) {
        classNames.add(String.valueOf(l));
      }
    }
    if (o.verbose) {
      System.out.println(labelOut == null ? "Found " + files.size() + " files."
          : "Found " + files.size() + " files belonging to " + classNames.size() + " classes.");
    }
    if (o.shuffle) {
      new NumpyRandomState(seed).shuffle(files);
      if (labelOut != null) {
        new NumpyRandomState(seed).shuffle(labelOut);
      }
    }
    return new Index(files, labelOut, classNames);
  }

  /** Files under {@code dir} with an allowed extension: directories in path order, files sorted, as os.walk. */
  private static List<Path> walk(String function, Path dir, List<String> formats, boolean followLinks) {
    Map<String, List<Path>> byDir = new LinkedHashMap<>();
    FileVisitOption[] opts = followLinks ? new FileVisitOption[] {FileVisitOption.FOLLOW_LINKS}
        : new FileVisitOption[0];
    try (Stream<Path> s = Files.walk(dir, opts)) {
      s.filter(p -> !Files.isDirectory(p)).forEach(p -> {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        if (formats.stream().anyMatch(name::endsWith)) {
          byDir.computeIfAbsent(p.getParent().toString(), k -> new ArrayList<>()).add(p);
        }
      });
    } catch (IOException | UncheckedIOException e) {
      throw new UncheckedIOException(function + ": cannot list " + dir, e instanceof IOException io ? io
          : ((UncheckedIOException) e).getCause());
    }
    List<String> dirs = new ArrayList<>(byDir.keySet());
    dirs.sort(DatasetUtils::compareCodePoints);
    List<Path> out = new ArrayList<>();
    for (String d : dirs) {
      List<Path> fs = byDir.get(d);
      fs.sort(Comparator.comparing(p -> p.getFileName().toString(), DatasetUtils::compareCodePoints));
      out.addAll(fs);
    }
    return out;
  }

  /**
   * Python's string order (code points, which is also the order of UTF-8 bytes), used for file names and for
   * lookup vocabularies.
   */
  public static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  /** {@code tf.image.resize_with_pad}: resize keeping the aspect ratio to fit, then pad with zeros, centred. */
  private static ImageFiles.Pixels resizeWithPad(ImageFiles.Pixels p, int th, int tw, String interpolation) {
    float ratio = Math.max((float) p.width() / tw, (float) p.height() / th);
    int rh = (int) Math.floor(p.height() / ratio);
    int rw = (int) Math.floor(p.width() / ratio);
    ImageFiles.Pixels r = ImageFiles.resize(p, Math.max(rh, 1), Math.max(rw, 1), interpolation);
    int top = Math.max((th - r.height()) / 2, 0);
    int left = Math.max((tw - r.width()) / 2, 0);
    int c = p.channels();
    float[] out = new float[th * tw * c];
    for (int y = 0; y < r.height() && y + top < th; y++) {
      System.arraycopy(r.values(), y * r.width() * c, out, ((y + top) * tw + left) * c,
          Math.min(r.width(), tw - left) * c);
    }
    return new ImageFiles.Pixels(out, th, tw, c);
  }

  // ---------------------------------------------------------------- timeseries

  /**
   * Sliding windows over a timeseries, as Keras' {@code timeseries_dataset_from_array}: window {@code i} holds
   * rows {@code start + i * stride + k * samplingRate} ({@code k < sequenceLength}) of {@code data}, with target
   * {@code targets[start + i * stride]}; windows are batched by {@code batchSize} (128 in Keras), shuffled with
   * NumPy's {@code RandomState(seed)} when asked.
   *
   * <pre>{@code
   * // predict x[i + 10] from x[i .. i + 9]
   * Dataset ds = DatasetUtils.timeseriesDatasetFromArray(x, yShifted, 10, 1, 1, 32, false, null, null, null);
   * }</pre>
   *
   * @param data an ndarray or Java array whose first axis is time
   * @param targets an array of targets (one per time step), or null
   * @param startIndex first row used, or null for 0
   * @param endIndex row after the last used, or null for the end
   */
  public static Dataset timeseriesDatasetFromArray(Object data, Object targets, int sequenceLength,
      int sequenceStride, int samplingRate, Integer batchSize, boolean shuffle, Long seed, Integer startIndex,
      Integer endIndex) {
    NdArray<?> x = io.jkeras.data.Elements.toNdArray(data, "timeseries_dataset_from_array: data");
    NdArray<?> t = targets == null ? null : io.jkeras.data.Elements.toNdArray(targets,
        "timeseries_dataset_from_array: targets");
    long len = x.shape().get(0);
    String f = "timeseries_dataset_from_array";
    if (startIndex != null && startIndex != 0) {
      if (startIndex < 0) {
        throw new IllegalArgumentException(f + ": `start_index` must be 0 or greater. Received: start_index=" + startIndex);
      }
      if (startIndex >= len) {
        throw new IllegalArgumentException(f + ": `start_index` must be lower than the length of the data. Received: "
            + "start_index=" + startIndex + ", for data of length " + len);
      }
    }
    if (endIndex != null && endIndex != 0) {
      if (startIndex != null && startIndex != 0 && endIndex <= startIndex) {
        throw new IllegalArgumentException(f + ": `end_index` must be higher than `start_index`. Received: "
            + "start_index=" + startIndex + ", and end_index=" + endIndex);
      }
      if (endIndex >= len) {
        throw new IllegalArgumentException(f + ": `end_index` must be lower than the length of the data. Received: "
            + "end_index=" + endIndex + ", for data of length " + len);
      }
    }
    if (endIndex != null && endIndex <= 0) {
      throw new IllegalArgumentException(f + ": `end_index` must be higher than 0. Received: end_index=" + endIndex);
    }
    if (samplingRate <= 0 || samplingRate >= len) {
      throw new IllegalArgumentException(f + ": `sampling_rate` must be higher than 0 and lower than the length of "
          + "the data. Received: sampling_rate=" + samplingRate + ", for data of length " + len);
    }
    if (sequenceStride <= 0 || sequenceStride >= len) {
      throw new IllegalArgumentException(f + ": `sequence_stride` must be higher than 0 and lower than the length "
          + "of the data. Received: sequence_stride=" + sequenceStride + ", for data of length " + len);
    }
    long start = startIndex == null ? 0 : startIndex;
    long end = endIndex == null ? len : endIndex;
    long numSeqs = end - start - (long) (sequenceLength - 1) * samplingRate;
    if (t != null) {
      numSeqs = Math.min(numSeqs, t.shape().get(0));
    }
    List<Long> positions = new ArrayList<>();
    for (long p = 0; p < numSeqs; p += sequenceStride) {
      positions.add(p);
    }
    long usedSeed = seed != null ? seed : new java.util.Random().nextInt(1_000_000);
    if (shuffle) {
      new NumpyRandomState(usedSeed).shuffle(positions);
    }
    Dataset windows = Dataset.fromGenerator(() -> new java.util.Iterator<>() {
      private int i;

      @Override
      public boolean hasNext() {
        return i < positions.size();
      }

      @Override
      public Batches.Item next() {
        long p = start + positions.get(i++);
        long[] rows = new long[sequenceLength];
        for (int k = 0; k < sequenceLength; k++) {
          rows[k] = p + (long) k * samplingRate;
        }
        return new Batches.Item(gather(x, rows), t == null ? null : t.get(p), null);
      }
    }, positions.size());
    if (batchSize != null) {
      if (shuffle) {
        windows = windows.shuffle(batchSize * 8, usedSeed);
      }
      return windows.batch(batchSize);
    }
    return shuffle ? windows.shuffle(1024, usedSeed) : windows;
  }

  /** Rows {@code rows} of {@code a}, stacked (copies). */
  private static Object gather(NdArray<?> a, long[] rows) {
    List<Object> parts = new ArrayList<>(rows.length);
    for (long r : rows) {
      parts.add(a.get(r));
    }
    return io.jkeras.data.Elements.stackValues(parts, "timeseries window");
  }
}
