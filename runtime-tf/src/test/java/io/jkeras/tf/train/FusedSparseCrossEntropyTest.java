package io.jkeras.tf.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jkeras.losses.SparseCategoricalCrossentropy;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * The fused cross-entropy and its registered gradient against the formula it replaced ({@code -Σ one_hot ·
 * log_softmax}, whose ops all have TF's own gradients): the loss and the weights after one SGD step agree.
 */
class FusedSparseCrossEntropyTest {

  /** Loss and one SGD step of a linear softmax classifier, logits {@code x·W + b}, old formula vs fused op. */
  @Test
  void lossAndOneSgdStepEqualTheOneHotFormula() {
    check(new long[] {8, 5}, 7L);
    // sequences: (batch, time, classes) logits are flattened for the op and the loss reshaped back
    check(new long[] {3, 4, 5}, 11L);
  }

  private static void check(long[] xShape, long seed) {
    int classes = 4;
    int features = (int) xShape[xShape.length - 1];
    Random random = new Random(seed);
    long rows = 1;
    for (int i = 0; i < xShape.length - 1; i++) {
      rows *= xShape[i];
    }
    float[] x = new float[(int) (rows * features)];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextGaussian();
    }
    float[] w = new float[features * classes];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) (random.nextGaussian() * 0.8);
    }
    float[] b = {0.1f, -0.2f, 0.3f, 0f};
    long[] labels = new long[(int) rows];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = random.nextInt(classes);
    }
    long[] labelShape = java.util.Arrays.copyOf(xShape, xShape.length - 1);
    float[][] old = step(x, xShape, w, b, labels, labelShape, classes, false);
    float[][] fused = step(x, xShape, w, b, labels, labelShape, classes, true);
    for (int k = 0; k < old.length; k++) {
      for (int i = 0; i < old[k].length; i++) {
        assertEquals(old[k][i], fused[k][i], 1e-5, "output " + k + " (loss, W, b after one step) at " + i);
      }
    }
  }

  /** Returns {loss}, W and b after one SGD step (learning rate 0.5) of the mean sparse cross-entropy. */
  private static float[][] step(float[] x, long[] xShape, float[] w, float[] b, long[] labels, long[] labelShape,
      int classes, boolean fusedPath) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      int features = (int) xShape[xShape.length - 1];
      Operand<TFloat32> xs = tf.reshape(tf.constant(x), tf.constant(xShape));
      Operand<TFloat32> ws = tf.reshape(tf.constant(w), tf.constant(new long[] {features, classes}));
      Operand<TFloat32> bs = tf.constant(b);
      Operand<TInt64> ys = tf.reshape(tf.constant(labels), tf.constant(labelShape));
      Operand<TFloat32> flat = tf.reshape(xs, tf.constant(new long[] {-1, features}));
      long[] logitShape = java.util.Arrays.copyOf(xShape, xShape.length);
      logitShape[logitShape.length - 1] = classes;
      Operand<TFloat32> logits = tf.reshape(tf.nn.biasAdd(tf.linalg.matMul(flat, ws), bs), tf.constant(logitShape));
      Operand<TFloat32> perPosition;
      if (fusedPath) {
        LoweredOutput out = new LoweredOutput(tf.nn.softmax(logits), "softmax", logits);
        // from_logits=false on a softmax output: computed from the logits, through the fused op
        perPosition = TfLosses.perExample(tf, new SparseCategoricalCrossentropy(), ys, out);
      } else {
        Operand<TFloat32> oneHot = tf.oneHot(ys, tf.constant(classes), tf.constant(1f), tf.constant(0f));
        Operand<TFloat32> logSoftmax = tf.math.sub(logits, tf.math.log(tf.sum(tf.math.exp(logits),
            tf.constant(-1), org.tensorflow.op.core.Sum.keepDims(true))));
        perPosition = TfLosses.meanToBatch(tf,
            tf.math.neg(tf.sum(tf.math.mul(oneHot, logSoftmax), tf.constant(-1))));
      }
      Operand<TFloat32> loss = tf.math.mean(perPosition, tf.constant(0));
      Output<?>[] grads = g.addGradients(loss.asOutput(), new Output<?>[] {ws.asOutput(), bs.asOutput()});
      Operand<TFloat32> lr = tf.constant(0.5f);
      @SuppressWarnings("unchecked")
      Operand<TFloat32> w1 = tf.math.sub(ws, tf.math.mul(lr, (Operand<TFloat32>) grads[0]));
      @SuppressWarnings("unchecked")
      Operand<TFloat32> b1 = tf.math.sub(bs, tf.math.mul(lr, (Operand<TFloat32>) grads[1]));
      try (Result r = s.runner().fetch(loss).fetch(w1).fetch(b1).run()) {
        return new float[][] {values((TFloat32) r.get(0)), values((TFloat32) r.get(1)), values((TFloat32) r.get(2))};
      }
    }
  }

  private static float[] values(FloatNdArray t) {
    float[] out = new float[(int) t.size()];
    int[] i = {0};
    t.scalars().forEach(v -> out[i[0]++] = v.getFloat());
    return out;
  }
}
