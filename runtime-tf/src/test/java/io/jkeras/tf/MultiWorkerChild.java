package io.jkeras.tf;

import io.jkeras.Model;
import io.jkeras.distribute.MultiWorkerMirroredStrategy;
import java.time.Duration;
import java.util.Locale;
import org.tensorflow.ndarray.FloatNdArray;

/**
 * One worker of {@link MultiWorkerMirroredStrategyTest}, run in a child JVM with its own TF_CONFIG: builds
 * {@link MirroredStrategyTest#mlp()} in a {@link MultiWorkerMirroredStrategy}'s scope and trains it on the
 * global batches of {@link MirroredStrategyTest#batch}, printing {@code LOSS step value} after every step and
 * {@code WEIGHT index values} at the end; {@code FAILED message} and exit status 1 when training fails.
 *
 * <p>Arguments: the number of steps, the global batch size, the collective timeout and the startup timeout in
 * seconds, and the model: {@code mlp}, or {@code embedding} ({@link MirroredStrategyTest#embeddingModel()} on
 * {@link MirroredStrategyTest#trainEmbedding}'s batches; the step count is theirs).
 */
public final class MultiWorkerChild {
  private MultiWorkerChild() {}

  public static void main(String[] args) {
    int steps = Integer.parseInt(args[0]);
    int batch = Integer.parseInt(args[1]);
    var strategy = new MultiWorkerMirroredStrategy()
        .collectiveTimeout(Duration.ofSeconds(Long.parseLong(args[2])))
        .startupTimeout(Duration.ofSeconds(Long.parseLong(args[3])));
    try {
      boolean embedding = args.length > 4 && args[4].equals("embedding");
      Model model;
      try (var scope = strategy.scope()) {
        model = embedding ? MirroredStrategyTest.embeddingModel() : MirroredStrategyTest.mlp();
      }
      try (model) {
        if (embedding) {
          var run = MirroredStrategyTest.trainEmbedding(model, batch);
          for (int s = 0; s < run.losses().size(); s++) {
            System.out.println("LOSS " + s + " " + run.losses().get(s));
          }
        }
        for (int s = 0; s < (embedding ? 0 : steps); s++) {
          FloatNdArray[] b = MirroredStrategyTest.batch(s % MirroredStrategyTest.STEPS, batch);
          model.runtime().resetMetrics();
          double loss = model.trainOnBatch(b[0], b[1]).get("loss");
          System.out.println("LOSS " + s + " " + loss);
          System.out.flush();
        }
        var weights = model.getWeights();
        for (int w = 0; w < weights.size(); w++) {
          StringBuilder line = new StringBuilder("WEIGHT " + w);
          FloatNdArray a = weights.get(w);
          a.scalars().forEach(x -> line.append(' ').append(String.format(Locale.ROOT, "%a", x.getFloat())));
          System.out.println(line);
        }
      }
      System.out.println("DONE " + strategy.workerRank() + " chief=" + strategy.isChief());
      System.out.flush();
      System.exit(0);
    } catch (RuntimeException e) {
      System.out.println("FAILED " + e.getClass().getName() + ": " + e.getMessage());
      System.out.flush();
      System.exit(1);
    }
  }
}
