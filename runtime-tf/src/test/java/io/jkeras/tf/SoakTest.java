package io.jkeras.tf;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jkeras.Compile;
import io.jkeras.Input;
import io.jkeras.Keras;
import io.jkeras.Model;
import io.jkeras.backend.RuntimeOptions;
import io.jkeras.layers.Conv2D;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Dropout;
import io.jkeras.layers.Flatten;
import io.jkeras.layers.MaxPooling2D;
import io.jkeras.training.Fit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.index.Indices;

/**
 * Long use of the runtime must not grow the process: rounds of training steps, predict calls and
 * build/compile/fit/close cycles, the resident memory (VmRSS of /proc/self/status, Linux) sampled after each
 * round once warmed up. Fails if RSS keeps growing over the second half of the rounds, or if native objects
 * are left behind.
 *
 * <p>Sizes come from {@code -Dsoak=short} (default, seconds, part of every test run) or {@code -Dsoak=long}
 * (about a minute on 2 cores; docs/RELIABILITY.md has the command and the recorded figures):
 *
 * <pre>{@code
 * ./mvnw -o verify -pl runtime-tf -am -Dsoak=long -Dtest=SoakTest -Dsurefire.failIfNoSpecifiedTests=false
 * }</pre>
 *
 * <p>The bound: a fitted line through the RSS samples of the second half may rise by at most {@code
 * max(48 MiB, 5 % of the RSS)} over that half. A leak of one input batch (32 images, 100 KB) per training step
 * would add 250 MB over the long form's 2,500 second-half steps, one leaked predict input (8 images, 25 KB) per
 * call 375 MB over its 15,000 second-half calls; what the bound tolerates is the allocator's noise (glibc arenas,
 * TF's and oneDNN's caches settle during the first rounds), measured at a few MB once warm. The short form is a
 * smoke test of the same code (its second half is three rounds); the count of native objects is its sharp
 * check.
 */
@Tag("soak")
class SoakTest {
  private static final Path STATUS = Path.of("/proc/self/status");

  /** Sizes of one form. */
  record Form(String name, int rounds, int stepsPerRound, int predictsPerRound, int warmupRounds) {}

  static Form form() {
    String s = System.getProperty("soak", "short");
    return switch (s) {
      case "short" -> new Form("short", 6, 10, 100, 1);
      case "long" -> new Form("long", 50, 100, 600, 5);
      default -> throw new IllegalArgumentException("-Dsoak must be short or long, got '" + s + "'");
    };
  }

  private static Model cnn(long seed) {
    var in = Input.of(28, 28, 1);
    var x = new Conv2D(8, 3, 3).activation("relu").apply(in);
    x = new MaxPooling2D(2, 2).apply(x);
    x = new Flatten().apply(x);
    x = new Dropout(0.2).apply(x);
    Model m = Model.of(in, new Dense(10).activation("softmax").apply(x));
    m.runtimeOptions(RuntimeOptions.defaults().intraOpThreads(2).seed(seed));
    m.compile(Compile.optimizer("adam").loss("sparse_categorical_crossentropy").metrics("accuracy"));
    return m;
  }

  static long rssKiB() throws IOException {
    for (String line : Files.readAllLines(STATUS)) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IOException("no VmRSS in " + STATUS);
  }

  /** Least-squares slope of {@code ys} against their index. */
  static double slope(List<Double> ys) {
    int n = ys.size();
    double mx = (n - 1) / 2.0;
    double my = ys.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    double num = 0;
    double den = 0;
    for (int i = 0; i < n; i++) {
      num += (i - mx) * (ys.get(i) - my);
      den += (i - mx) * (i - mx);
    }
    return den == 0 ? 0 : num / den;
  }

  @Test
  void trainingPredictingAndModelCyclesDoNotGrowTheProcess() throws Exception {
    assumeTrue(Files.isReadable(STATUS), "VmRSS is read from /proc (Linux)");
    Form f = form();
    Keras.clearSession();
    Random r = new Random(1);
    int batch = 32;
    FloatNdArray images = NdArrays.ofFloats(Shape.of((long) f.stepsPerRound() * batch, 28, 28, 1));
    images.scalars().forEach(s -> s.setFloat(r.nextFloat()));
    int[] labels = new int[f.stepsPerRound() * batch];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = (int) (images.getFloat(i, 14, 14, 0) * 10);
    }
    FloatNdArray few = images.slice(Indices.slice(0, 8));
    FloatNdArray small = NdArrays.ofFloats(few.shape());
    few.copyTo(small);

    long start = System.nanoTime();
    List<Double> rssMiB = new ArrayList<>();
    long steps = 0;
    long predicts = 0;
    long cycles = 0;
    long pointersAtWarm = -1;
    try (Model m = cnn(7)) {
      for (int round = 0; round < f.warmupRounds() + f.rounds(); round++) {
        // Training steps: one epoch over the round's data.
        m.fit(images, labels, Fit.epochs(1).batchSize(batch).verbose(0));
        steps += f.stepsPerRound();
        // Predict calls on a small batch, the serving pattern.
        for (int p = 0; p < f.predictsPerRound(); p++) {
          m.predictOnBatch(small);
        }
        predicts += f.predictsPerRound();
        // A whole model lifecycle: build, compile, a few steps, predict, close.
        try (Model other = cnn(100 + round)) {
          other.fit(images.slice(Indices.slice(0, 4 * batch)), java.util.Arrays.copyOf(labels, 4 * batch),
              Fit.epochs(1).batchSize(batch).verbose(0));
          other.predict(small);
        }
        cycles++;
        System.gc();
        if (round == f.warmupRounds() - 1) {
          pointersAtWarm = NativeResourcesTest.settledCount();
        }
        if (round >= f.warmupRounds()) {
          rssMiB.add(rssKiB() / 1024.0);
        }
      }
      // At most as many as after warm-up: garbage of earlier tests in this JVM (TF Java's own unclosed export
      // tensors) may be collected meanwhile; a leak of ours would add objects every round.
      long pointers = Pointer.totalCount();
      assertTrue(pointers <= pointersAtWarm, "native objects (JavaCPP pointers) left behind after warm-up: "
          + pointersAtWarm + " -> " + pointers);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    List<Double> secondHalf = rssMiB.subList(rssMiB.size() / 2, rssMiB.size());
    double perRound = slope(secondHalf);
    double growth = perRound * (secondHalf.size() - 1);
    double median = secondHalf.stream().sorted().toList().get(secondHalf.size() / 2);
    double bound = Math.max(48, 0.05 * median);
    String summary = String.format(Locale.ROOT, "SOAK form=%s steps=%d predicts=%d cycles=%d seconds=%.1f"
            + " rss_first=%.1fMiB rss_last=%.1fMiB rss_max=%.1fMiB second_half_slope=%.3fMiB/round"
            + " second_half_growth=%.1fMiB bound=%.1fMiB",
        f.name(), steps, predicts, cycles, seconds, rssMiB.get(0), rssMiB.get(rssMiB.size() - 1),
        rssMiB.stream().mapToDouble(Double::doubleValue).max().orElse(0), perRound, growth, bound);
    System.out.println(summary);
    System.out.println("SOAK rss_samples_MiB=" + rssMiB.stream().map(v -> String.format(Locale.ROOT, "%.0f", v))
        .toList());
    assertTrue(growth <= bound, "resident memory keeps growing: " + summary);
  }
}
