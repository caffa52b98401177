package io.jkeras.samples;

import io.jkeras.datasets.Mnist;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.index.Indices;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** What the {@code custom-layer} and {@code vae} commands share: option checks, MNIST, comparisons. */
final class SampleSupport {
  private SampleSupport() {}

  /** A bad option value: picocli's usage error (exit status 2, one line). */
  static void check(CommandSpec spec, boolean ok, String message) {
    if (!ok) {
      throw new ParameterException(spec.commandLine(), message);
    }
  }

  /** {@code --data} must name an existing directory when given. */
  static void checkDataDir(CommandSpec spec, Path data) {
    if (data != null && !Files.isDirectory(data)) {
      throw new ParameterException(spec.commandLine(), "--data: " + (Files.exists(data)
          ? "'" + data + "' is not a directory" : "directory '" + data + "' does not exist"));
    }
  }

  /** The directory, or the nearest of its parents that exists, must be a writable directory. */
  static void checkWritable(CommandSpec spec, String option, Path dir) {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new ParameterException(spec.commandLine(), option + ": '" + dir + "' exists and is not a directory");
    }
    Path p = dir.toAbsolutePath().normalize();
    while (p != null && !Files.exists(p)) {
      p = p.getParent();
    }
    if (p == null || !Files.isDirectory(p) || !Files.isWritable(p)) {
      throw new ParameterException(spec.commandLine(), option + ": '" + dir + "' is not writable");
    }
  }

  /** MNIST from {@code --data} or the default location; a missing or corrupt file is the user's input at fault. */
  static Mnist.Data loadMnist(Path data) {
    try {
      return data == null ? Mnist.load() : Mnist.load(data);
    } catch (IOException | IllegalArgumentException e) {
      throw new Main.BadInput("--data: " + e.getMessage(), e);
    }
  }

  /** A dense copy of the first {@code n} entries of {@code a} along axis 0. */
  static FloatNdArray first(FloatNdArray a, long n) {
    FloatNdArray view = a.slice(Indices.range(0, n));
    FloatNdArray copy = NdArrays.ofFloats(Shape.of(view.shape().asArray()));
    view.copyTo(copy);
    return copy;
  }

  /** The largest |a - b| over two arrays of one shape. */
  static double maxAbsDiff(NdArray<Float> a, NdArray<Float> b) {
    if (!java.util.Arrays.equals(a.shape().asArray(), b.shape().asArray())) {
      throw new IllegalStateException("cannot compare shapes " + a.shape() + " and " + b.shape());
    }
    double[] max = {0};
    var it = b.scalars().iterator();
    a.scalars().forEach(s -> {
      max[0] = Math.max(max[0], Math.abs(s.getObject() - it.next().getObject()));   // NaN stays NaN
    });
    return max[0];
  }
}
