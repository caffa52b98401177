package io.jkeras.samples;

import io.jkeras.Compile;
import io.jkeras.Input;
import io.jkeras.Keras;
import io.jkeras.Model;
import io.jkeras.SymbolicTensor;
import io.jkeras.Variable;
import io.jkeras.backend.RuntimeOptions;
import io.jkeras.datasets.Mnist;
import io.jkeras.layers.BaseLayer;
import io.jkeras.layers.Conv2D;
import io.jkeras.layers.Conv2DTranspose;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Flatten;
import io.jkeras.layers.Reshape;
import io.jkeras.losses.Losses;
import io.jkeras.ops.Ops;
import io.jkeras.optimizers.Adam;
import io.jkeras.random.Random;
import io.jkeras.random.SeedGenerator;
import io.jkeras.training.Fit;
import io.jkeras.training.Predict;
import io.jkeras.training.StepContext;
import io.jkeras.training.TrainStep;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.index.Indices;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code jkeras vae}: Keras' example "Variational AutoEncoder" (keras.io/examples/generative/vae) in Java, on
 * the MNIST training images. An encoder maps an image to the mean and log-variance of a 2-d latent normal and
 * draws {@code z} from it (the {@link Sampling} layer); a decoder maps {@code z} back to an image. The training
 * step is written by hand, as the example's {@code VAE.train_step}:
 *
 * <pre>{@code
 * reconstruction_loss = mean(sum(binary_crossentropy(data, reconstruction), axis=(1, 2)))
 * kl_loss = mean(sum(-0.5 * (1 + z_log_var - z_mean^2 - exp(z_log_var)), axis=1))
 * total_loss = reconstruction_loss + kl_loss      // gradients of it applied with Adam
 * }</pre>
 *
 * <p>After training, the decoder draws a {@code --grid} x {@code --grid} sheet of digits from evenly spaced
 * latent points in [-1, 1]^2 (the example's {@code plot_latent_space}) into {@code --output/vae_digits.png}. The
 * last line reads
 *
 * <pre>{@code
 * RESULT task=vae epochs=2 samples=60000 total_loss=192.51 reconstruction_loss=189.43 kl_loss=3.079
 *     train_seconds=77.2 png=target/vae/vae_digits.png
 * }</pre>
 *
 * with the last epoch's mean losses per image (Keras' example itself gives 184-187 after 2 epochs, about 150
 * after 30; the digits become clear after about 10 epochs).
 */
@Command(name = "vae",
    header = "Keras' Variational AutoEncoder example on MNIST: a custom training step, a PNG of generated"
        + " digits; ends with a RESULT line.",
    mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Builds Keras' VAE: encoder Conv2D(32, 3, stride 2) -> Conv2D(64, 3, stride 2) -> Flatten -> Dense(16) ->"
            + " z_mean, z_log_var (2-d) -> Sampling; decoder Dense(7*7*64) -> Reshape -> Conv2DTranspose(64, 3,"
            + " stride 2) -> Conv2DTranspose(32, 3, stride 2) -> Conv2DTranspose(1, 3, sigmoid). Trains it with a"
            + " hand-written step (reconstruction loss + KL divergence, Adam) on the first --samples MNIST"
            + " training images and writes a --grid x --grid sheet of decoded latent points to"
            + " --output/vae_digits.png.",
        "The last line reads: RESULT task=vae epochs=E samples=N total_loss=... reconstruction_loss=..."
            + " kl_loss=... train_seconds=... png=FILE"})
public final class VaeCommand implements Callable<Integer> {
  /** The latent dimension of Keras' example. */
  public static final int LATENT_DIM = 2;
  /** Pixels per side of one digit. */
  public static final int DIGIT = 28;
  /** The sheet's name in {@code --output}. */
  public static final String PNG = "vae_digits.png";

  @ParentCommand Main main;
  @Spec CommandSpec spec;

  @Option(names = "--epochs", paramLabel = "N", defaultValue = "2",
      description = "Epochs to train, >= 1 (default: ${DEFAULT-VALUE}; Keras' example trains 30 on 70,000).")
  int epochs;

  @Option(names = "--samples", paramLabel = "N", defaultValue = "60000",
      description = "Training images used (the first N), > 0 (default: ${DEFAULT-VALUE}, all of them).")
  int samples;

  @Option(names = "--batch-size", paramLabel = "N", defaultValue = "128",
      description = "Images per training step, > 0 (default: ${DEFAULT-VALUE}, as Keras' example).")
  int batchSize;

  @Option(names = "--grid", paramLabel = "N", defaultValue = "15",
      description = "Digits per side of the generated sheet, 1..100 (default: ${DEFAULT-VALUE}, a"
          + " 420x420 image).")
  int grid;

  @Option(names = "--output", paramLabel = "DIR", defaultValue = "target/vae",
      description = "Where " + PNG + " is written (default: ${DEFAULT-VALUE}).")
  Path output;

  @Option(names = "--data", paramLabel = "DIR",
      description = "Directory with the MNIST files (default: where Mnist.load() looks, data/mnist).")
  Path data;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
      description = "Seed of the initial weights, the shuffling and the sampling (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--threads", paramLabel = "N",
      description = "TensorFlow threads within one op, >= 1 (default: TensorFlow's choice, one per core).")
  Integer threads;

  /**
   * The example's {@code Sampling} layer: {@code z = z_mean + exp(0.5 * z_log_var) * epsilon}, epsilon drawn
   * from a standard normal with a {@link SeedGenerator} (new at every step, the same from run to run).
   */
  public static final class Sampling extends BaseLayer<Sampling> {
    private final SeedGenerator seedGenerator;

    public Sampling(long seed) {
      this.seedGenerator = new SeedGenerator(seed);
    }

    @Override
    public SymbolicTensor call(List<SymbolicTensor> inputs) {
      SymbolicTensor zMean = inputs.get(0);
      SymbolicTensor zLogVar = inputs.get(1);
      SymbolicTensor epsilon = Random.normal(zMean, 0.0, 1.0, seedGenerator);
      return Ops.add(zMean, Ops.multiply(Ops.exp(Ops.multiply(zLogVar, 0.5)), epsilon));
    }
  }

  /** The encoder: an image in, {@code [z_mean, z_log_var, z]} out. */
  public static Model encoder(long seed) {
    SymbolicTensor images = Input.of(DIGIT, DIGIT, 1);
    SymbolicTensor x = new Conv2D(32, 3).activation("relu").strides(2, 2).padding("same").apply(images);
    x = new Conv2D(64, 3).activation("relu").strides(2, 2).padding("same").apply(x);
    x = new Flatten().apply(x);
    x = new Dense(16).activation("relu").apply(x);
    SymbolicTensor zMean = new Dense(LATENT_DIM).name("z_mean").apply(x);
    SymbolicTensor zLogVar = new Dense(LATENT_DIM).name("z_log_var").apply(x);
    SymbolicTensor z = new Sampling(seed).apply(zMean, zLogVar);
    return Model.of(images, List.of(zMean, zLogVar, z)).name("encoder");
  }

  /** The decoder: a latent point in, an image of pixel probabilities out. */
  public static Model decoder() {
    SymbolicTensor latent = Input.of(LATENT_DIM);
    SymbolicTensor x = new Dense(7 * 7 * 64).activation("relu").apply(latent);
    x = new Reshape(7, 7, 64).apply(x);
    x = new Conv2DTranspose(64, 3).activation("relu").strides(2, 2).padding("same").apply(x);
    x = new Conv2DTranspose(32, 3).activation("relu").strides(2, 2).padding("same").apply(x);
    SymbolicTensor images = new Conv2DTranspose(1, 3).activation("sigmoid").padding("same").apply(x);
    return Model.of(latent, images).name("decoder");
  }

  /** The model trained: the encoder's {@code z} decoded (Keras' {@code VAE(encoder, decoder)}). */
  public static Model vae(Model encoder, Model decoder) {
    SymbolicTensor images = Input.of(DIGIT, DIGIT, 1);
    SymbolicTensor z = encoder.applyAll(List.of(images)).get(2);
    return Model.of(images, decoder.apply(z)).name("vae");
  }

  /** The three losses of one batch: the example's {@code train_step} without the update. */
  public record VaeLosses(SymbolicTensor total, SymbolicTensor reconstruction, SymbolicTensor kl) {
    /** Encodes and decodes {@code data} and computes the losses. */
    public static VaeLosses of(Model encoder, Model decoder, SymbolicTensor data) {
      List<SymbolicTensor> encoded = encoder.applyAll(List.of(data));
      SymbolicTensor zMean = encoded.get(0);
      SymbolicTensor zLogVar = encoded.get(1);
      SymbolicTensor reconstruction = decoder.apply(encoded.get(2));
      SymbolicTensor reconstructionLoss =
          Ops.mean(Ops.sum(Losses.binaryCrossentropy(data, reconstruction), false, 1, 2));
      SymbolicTensor kl = Ops.multiply(
          Ops.subtract(Ops.subtract(Ops.add(zLogVar, 1.0), Ops.square(zMean)), Ops.exp(zLogVar)), -0.5);
      SymbolicTensor klLoss = Ops.mean(Ops.sum(kl, 1));
      return new VaeLosses(Ops.add(reconstructionLoss, klLoss), reconstructionLoss, klLoss);
    }
  }

  /**
   * The example's {@code train_step}: the losses, their gradients with respect to every trainable weight and
   * one optimizer update; logs {@code loss}, {@code reconstruction_loss} and {@code kl_loss}.
   */
  public static TrainStep trainStep(Model encoder, Model decoder) {
    return step -> {
      VaeLosses losses = VaeLosses.of(encoder, decoder, step.x(0));
      List<Variable> weights = step.trainableWeights();
      step.applyGradients(step.gradients(losses.total(), weights), weights);
      return StepContext.logs("loss", losses.total(), "reconstruction_loss", losses.reconstruction(),
          "kl_loss", losses.kl());
    };
  }

  /**
   * The example's {@code plot_latent_space}: the decoder's images of an {@code n} x {@code n} grid of latent
   * points evenly spaced in [-scale, scale]^2 (x to the right, y upwards), one gray image of {@code 28 n}
   * pixels per side, white digits on black.
   */
  public static BufferedImage latentSheet(Model decoder, int n, double scale) {
    FloatNdArray points = NdArrays.ofFloats(Shape.of((long) n * n, LATENT_DIM));
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double xi = n == 1 ? 0 : -scale + 2 * scale * j / (n - 1);
        double yi = n == 1 ? 0 : scale - 2 * scale * i / (n - 1);   // the top row has the largest y
        points.setFloat((float) xi, (long) i * n + j, 0);
        points.setFloat((float) yi, (long) i * n + j, 1);
      }
    }
    FloatNdArray digits = decoder.predict(points, Predict.defaults().verbose(0));
    BufferedImage sheet = new BufferedImage(n * DIGIT, n * DIGIT, BufferedImage.TYPE_BYTE_GRAY);
    var raster = sheet.getRaster();
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        long k = (long) i * n + j;
        for (int r = 0; r < DIGIT; r++) {
          for (int c = 0; c < DIGIT; c++) {
            float p = digits.getFloat(k, r, c, 0);
            int gray = Math.round(255 * Math.max(0f, Math.min(1f, p)));
            raster.setSample(j * DIGIT + c, i * DIGIT + r, 0, gray);
          }
        }
      }
    }
    return sheet;
  }

  private static double last(Map<String, List<Double>> history, String key) {
    List<Double> values = history.get(key);
    if (values == null || values.isEmpty()) {
      throw new IllegalStateException("the training history has no '" + key + "': " + history.keySet());
    }
    return values.get(values.size() - 1);
  }

  @Override
  public Integer call() throws IOException {
    SampleSupport.check(spec, epochs >= 1, "--epochs must be >= 1, got " + epochs);
    SampleSupport.check(spec, samples >= 1, "--samples must be > 0, got " + samples);
    SampleSupport.check(spec, batchSize >= 1, "--batch-size must be > 0, got " + batchSize);
    SampleSupport.check(spec, grid >= 1 && grid <= 100, "--grid must be in 1..100, got " + grid);
    SampleSupport.check(spec, threads == null || threads >= 1, "--threads must be >= 1, got " + threads);
    SampleSupport.checkDataDir(spec, data);
    SampleSupport.checkWritable(spec, "--output", output);
    PrintWriter out = spec.commandLine().getOut();
    Mnist.Data mnist = SampleSupport.loadMnist(data);
    long n = Math.min(samples, mnist.train().size());
    FloatNdArray images = mnist.train().x().slice(Indices.range(0, n));

    Keras.setRandomSeed(seed);
    Map<String, List<Double>> history;
    double seconds;
    Path png = output.resolve(PNG);
    try (Model encoder = encoder(seed); Model decoder = decoder(); Model vae = vae(encoder, decoder)) {
      RuntimeOptions options = RuntimeOptions.defaults().seed(seed);
      vae.runtimeOptions(threads == null ? options : options.intraOpThreads(threads));
      vae.compile(Compile.optimizer(new Adam()).trainStep(trainStep(encoder, decoder)));
      out.print(encoder.summaryString());
      out.print(decoder.summaryString());
      out.printf(Locale.ROOT, "Training the VAE on %,d MNIST images for %d epoch(s):%n", n, epochs);
      out.flush();
      long start = System.nanoTime();
      history = vae.fit(images, null, Fit.epochs(epochs).batchSize(batchSize)).history();
      seconds = (System.nanoTime() - start) / 1e9;

      // The decoder shares the vae's layers, so it predicts with the trained weights (as in Keras).
      Files.createDirectories(output);
      BufferedImage sheet = latentSheet(decoder, grid, 1.0);
      if (!ImageIO.write(sheet, "png", png.toFile())) {
        throw new IllegalStateException("no PNG writer in this Java runtime");
      }
      out.printf(Locale.ROOT, "Wrote %s: %dx%d digits decoded from latent points in [-1, 1]^2 (%dx%d pixels)%n",
          png, grid, grid, sheet.getWidth(), sheet.getHeight());
    }
    out.println(String.format(Locale.ROOT,
        "RESULT task=vae epochs=%d samples=%d total_loss=%.2f reconstruction_loss=%.2f kl_loss=%.3f"
            + " train_seconds=%.1f png=%s",
        epochs, n, last(history, "loss"), last(history, "reconstruction_loss"), last(history, "kl_loss"), seconds,
        png));
    out.flush();
    return 0;
  }
}
