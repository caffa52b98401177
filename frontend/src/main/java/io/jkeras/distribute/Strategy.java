package io.jkeras.distribute;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * A way to spread training over several devices or processes, as TensorFlow's {@code tf.distribute.Strategy}:
 * a model made (or compiled) inside the strategy's {@link #scope()} trains on every replica, each replica
 * taking its slice of the global batch, and the gradients of all replicas are summed into one optimizer
 * update, so that the weights stay the same everywhere.
 *
 * <p>The scope is Java's form of Python's {@code with strategy.scope():} block: a try-with-resources block
 * on the current thread. A model records the strategy whose scope is open when it is created or compiled
 * ({@link io.jkeras.Model#distributeStrategy()}); {@code fit}, {@code evaluate} and {@code predict} are then
 * called as usual, inside the block or after it.
 *
 * <pre>{@code
 * var strategy = new MirroredStrategy("/cpu:0", "/cpu:1");
 * Model model;
 * try (var scope = strategy.scope()) {
 *   model = buildModel();
 *   model.compile(Compile.optimizer("adam").loss("sparse_categorical_crossentropy"));
 * }
 * model.fit(x, y, Fit.epochs(3).batchSize(128));   // 64 examples per replica
 * }</pre>
 */
public abstract class Strategy {
  private static final ThreadLocal<Deque<Strategy>> OPEN = ThreadLocal.withInitial(ArrayDeque::new);

  Strategy() {}

  /** The number of replicas whose gradients are summed each step (TF's {@code num_replicas_in_sync}). */
  public abstract int numReplicasInSync();

  /**
   * Whether this process writes the job's files: checkpoints, TensorBoard event files, exports (TF's {@code
   * should_checkpoint}). True for one process only; always true in a single process.
   */
  public boolean isChief() {
    return true;
  }

  /** A short description for logs and errors, e.g. {@code MirroredStrategy[/cpu:0, /cpu:1]}. */
  @Override
  public abstract String toString();

  /**
   * Opens this strategy's scope on the current thread until the returned handle is closed; models created or
   * compiled meanwhile train under this strategy. Scopes nest; they must be closed in reverse order.
   */
  public Scope scope() {
    OPEN.get().push(this);
    return new Scope(this);
  }

  /** The strategy of the innermost open scope on this thread (TF's {@code tf.distribute.get_strategy()}). */
  public static Optional<Strategy> current() {
    return Optional.ofNullable(OPEN.get().peek());
  }

  /** Whether a strategy's scope is open on this thread (TF's {@code tf.distribute.has_strategy()}). */
  public static boolean hasStrategy() {
    return !OPEN.get().isEmpty();
  }

  /** An open {@link Strategy#scope()}; closing it ends the scope. */
  public static final class Scope implements AutoCloseable {
    private final Strategy strategy;
    private final Thread thread = Thread.currentThread();
    private boolean closed;

    private Scope(Strategy strategy) {
      this.strategy = strategy;
    }

    /** The strategy of this scope. */
    public Strategy strategy() {
      return strategy;
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      if (Thread.currentThread() != thread) {
        throw new IllegalStateException("The scope of " + strategy + " must be closed on the thread that opened it ("
            + thread.getName() + ")");
      }
      Deque<Strategy> open = OPEN.get();
      if (open.peek() != strategy) {
        throw new IllegalStateException("Scopes must be closed in reverse order: the innermost open scope is "
            + open.peek() + ", not " + strategy);
      }
      open.pop();
      closed = true;
    }
  }
}
