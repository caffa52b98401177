package io.jkeras.distribute;

/**
 * Distributed training stopped: another worker stopped or did not answer in time, or a worker could not join
 * the cluster. The message names the strategy, this worker, the timeout that expired and TensorFlow's own
 * first line; the process should end (TensorFlow's collective runtime cannot recover from an aborted
 * all-reduce); rerun the job from the last checkpoint the chief saved.
 *
 * <pre>{@code
 * try {
 *   model.fit(x, y, Fit.epochs(10).batchSize(256));
 * } catch (DistributedTrainingException e) {
 *   System.err.println(e.getMessage());
 *   System.exit(1);
 * }
 * }</pre>
 */
public class DistributedTrainingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DistributedTrainingException(String message) {
    super(message);
  }

  public DistributedTrainingException(String message, Throwable cause) {
    super(message, cause);
  }
}
