package io.jkeras.losses;

/**
 * Keras' {@code keras.losses.CosineSimilarity}: per sample {@code -Σ ŷ·p̂} over the last axis, both L2-normalized
 * ({@code x·rsqrt(max(Σx², 1e-14))}); -1 means the same direction.
 *
 * <pre>{@code
 * Compile.optimizer("adam").loss(new CosineSimilarity());
 * }</pre>
 */
public final class CosineSimilarity extends BaseLoss {
  public CosineSimilarity() {
    super("cosine_similarity");
  }
}
