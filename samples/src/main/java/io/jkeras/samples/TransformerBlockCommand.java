package io.jkeras.samples;

import io.jkeras.Compile;
import io.jkeras.DType;
import io.jkeras.Input;
import io.jkeras.Model;
import io.jkeras.SymbolicTensor;
import io.jkeras.backend.RuntimeOptions;
import io.jkeras.layers.Add;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Embedding;
import io.jkeras.layers.LayerNormalization;
import io.jkeras.layers.MultiHeadAttention;
import io.jkeras.optimizers.Adam;
import io.jkeras.training.Evaluate;
import io.jkeras.training.Fit;
import io.jkeras.training.Predict;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code jkeras transformer-block}: one Transformer encoder block learns to reverse short integer sequences.
 *
 * <p>The model, as a Keras user writes it: token embedding + positional embedding (a second {@code Embedding}
 * looked up on the positions 0..L-1, fed as a second input), {@code MultiHeadAttention} self-attention, residual
 * {@code Add} and {@code LayerNormalization}, a feed-forward {@code Dense} pair with a second residual and
 * normalization, and a per-position softmax over the vocabulary trained with sparse categorical cross-entropy.
 * The data are generated: random sequences of {@link #LENGTH} tokens in [0, {@link #VOCABULARY}); the target at
 * position t is the token at L-1-t. Held-out sequences come from an independent generator; the per-token
 * accuracy on them is computed from {@code predict} and must reach 95 %.
 *
 * <pre>{@code
 * java -jar samples/target/jkeras-samples.jar transformer-block --epochs 5 --samples 8000 --seed 1
 * }</pre>
 */
@Command(name = "transformer-block",
    header = "Train one Transformer encoder block to reverse short integer sequences.",
    mixinStandardHelpOptions = true,
    description = "Embedding + positional Embedding, MultiHeadAttention, residual Add + LayerNormalization and a"
        + " feed-forward Dense block, trained with sparse_categorical_crossentropy per position on generated"
        + " sequences (reverse a sequence of " + TransformerBlockCommand.LENGTH + " tokens). Prints the summary,"
        + " the training progress and a RESULT line with the per-token accuracy on held-out sequences.")
public final class TransformerBlockCommand implements Callable<Integer> {
  /** Tokens per sequence. */
  public static final int LENGTH = 8;
  /** Distinct tokens. */
  public static final int VOCABULARY = 10;
  /** Held-out sequences the accuracy is measured on. */
  public static final int HELD_OUT = 1000;

  @ParentCommand Main main;
  @Spec CommandSpec spec;

  @Option(names = "--epochs", paramLabel = "N", defaultValue = "5",
      description = "Training epochs, > 0 (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--samples", paramLabel = "N", defaultValue = "8000",
      description = "Generated training sequences, > 0 (default: ${DEFAULT-VALUE}).")
  int samples;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
      description = "Seed of the data, the initial weights and the shuffling (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--threads", paramLabel = "N",
      description = "TensorFlow's intra-op threads, > 0 (default: one per core).")
  Integer threads;

  /** The model: token ids and their positions in, per-position class probabilities out. */
  public static Model build() {
    SymbolicTensor tokens = Input.of("tokens", DType.INT32, LENGTH);
    SymbolicTensor positions = Input.of("positions", DType.INT32, LENGTH);
    SymbolicTensor x = new Add().apply(
        new Embedding(VOCABULARY, 32).name("token_embedding").apply(tokens),
        new Embedding(LENGTH, 32).name("position_embedding").apply(positions));
    SymbolicTensor attention = new MultiHeadAttention(2, 16).apply(x, x);
    x = new LayerNormalization().apply(new Add().apply(x, attention));
    SymbolicTensor ff = new Dense(64).activation("relu").apply(x);
    ff = new Dense(32).apply(ff);
    x = new LayerNormalization().apply(new Add().apply(x, ff));
    SymbolicTensor out = new Dense(VOCABULARY).activation("softmax").name("next_token").apply(x);
    return Model.of(List.of(tokens, positions), out).name("transformer_block");
  }

  /** Generated sequences: {@code x} tokens, {@code positions} 0..L-1, {@code y} the reversed tokens. */
  public record Data(IntNdArray tokens, IntNdArray positions, IntNdArray y) {
    public static Data generate(int n, long seed) {
      Random r = new Random(seed);
      IntNdArray tokens = NdArrays.ofInts(Shape.of(n, LENGTH));
      IntNdArray positions = NdArrays.ofInts(Shape.of(n, LENGTH));
      IntNdArray y = NdArrays.ofInts(Shape.of(n, LENGTH));
      int[] seq = new int[LENGTH];
      for (int i = 0; i < n; i++) {
        for (int t = 0; t < LENGTH; t++) {
          seq[t] = r.nextInt(VOCABULARY);
        }
        for (int t = 0; t < LENGTH; t++) {
          tokens.setInt(seq[t], i, t);
          positions.setInt(t, i, t);
          y.setInt(seq[LENGTH - 1 - t], i, t);
        }
      }
      return new Data(tokens, positions, y);
    }

    Map<String, Object> inputs() {
      return Map.of("tokens", tokens, "positions", positions);
    }
  }

  /** The fraction of positions whose most probable token is the target. */
  public static double tokenAccuracy(FloatNdArray probabilities, IntNdArray y) {
    long n = y.shape().get(0);
    long right = 0;
    for (long i = 0; i < n; i++) {
      for (int t = 0; t < LENGTH; t++) {
        int best = 0;
        for (int c = 1; c < VOCABULARY; c++) {
          if (probabilities.getFloat(i, t, c) > probabilities.getFloat(i, t, best)) {
            best = c;
          }
        }
        right += best == y.getInt(i, t) ? 1 : 0;
      }
    }
    return (double) right / (n * LENGTH);
  }

  @Override
  public Integer call() {
    if (epochs < 1) {
      throw new ParameterException(spec.commandLine(), "--epochs must be > 0, got " + epochs);
    }
    if (samples < 1) {
      throw new ParameterException(spec.commandLine(), "--samples must be > 0, got " + samples);
    }
    if (threads != null && threads < 1) {
      throw new ParameterException(spec.commandLine(), "--threads must be > 0, got " + threads);
    }
    PrintWriter out = spec.commandLine().getOut();
    main.api().setRandomSeed(seed);
    Model model = build();
    RuntimeOptions options = RuntimeOptions.defaults().seed(seed);
    model.runtimeOptions(threads == null ? options : options.intraOpThreads(threads));
    model.compile(Compile.optimizer(new Adam(3e-3)).loss("sparse_categorical_crossentropy").metrics("accuracy"));
    out.print(model.summaryString());
    Data train = Data.generate(samples, seed);
    Data heldOut = Data.generate(HELD_OUT, seed + 1_000_003L);
    out.printf("Training on %,d generated sequences of %d tokens (reverse them) for %d epoch(s):%n", samples,
        LENGTH, epochs);
    out.flush();
    long start = System.nanoTime();
    model.fit(train.inputs(), train.y(), Fit.epochs(epochs).batchSize(64).validationSplit(0.1));
    double seconds = (System.nanoTime() - start) / 1e9;
    Map<String, Double> scores = model.evaluate(heldOut.inputs(), heldOut.y(), Evaluate.defaults().verbose(0));
    double accuracy = tokenAccuracy(model.predict(heldOut.inputs(), Predict.defaults().verbose(0)), heldOut.y());
    out.println(String.format(Locale.ROOT,
        "RESULT task=transformer-reverse epochs=%d samples=%d seed=%d heldout_token_accuracy=%.4f"
            + " heldout_loss=%.4f params=%d train_seconds=%.1f",
        epochs, samples, seed, accuracy, scores.get("loss"), model.countParams(), seconds));
    out.flush();
    return 0;
  }
}
