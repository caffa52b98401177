package io.jkeras.tf.train;

import io.jkeras.optimizers.Adadelta;
import io.jkeras.optimizers.Adagrad;
import io.jkeras.optimizers.Adam;
import io.jkeras.optimizers.Nadam;
import io.jkeras.optimizers.Optimizer;
import io.jkeras.optimizers.RMSprop;
import io.jkeras.optimizers.SGD;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Keras 3's optimizer update rules as TF graph ops on ref variables. TF's fused training ops are used where their
 * maths is Keras' to float32 rounding ({@code ApplyGradientDescent}, {@code ApplyRMSProp}, {@code
 * ApplyCenteredRMSProp}, {@code ApplyAdadelta}); SGD with momentum, Adam (TF's {@code ApplyAdam} rounds 1-β
 * differently, enough to show), Adagrad (Keras puts epsilon inside the square root) and Nadam (Keras' momentum
 * schedule) are written with plain ops. As in Keras' {@code
 * BaseOptimizer.apply}, gradients are clipped first, then weight decay is applied ({@code w -= w·wd·lr}), then
 * the update. Weight decay waits (control dependency) for every gradient, since it writes the variables. A
 * {@code null} gradient (a variable the loss does not reach) leaves its variable alone, as in Keras.
 *
 * <p>A table's gradient given as looked-up rows ({@link TfGradient#rows}, an Embedding's) is applied as Keras on
 * TensorFlow applies an {@code IndexedSlices}: squares, clipping and the other element-wise ops act on each row
 * before repeated rows are summed, and the update ops are written out with plain ops (the fused ones square the
 * summed gradient). Where Keras' update leaves the rows outside the batch alone (SGD without momentum, Adagrad,
 * RMSprop's weight update without momentum), only the batch's rows are written ({@code ScatterAdd/ScatterSub}),
 * so a step costs the batch's rows, not the vocabulary; the others decay every row's moments, as Keras does.
 *
 * <p>Take the gradients with respect to a read of each variable ({@code tf.identity(variable)} used by the
 * forward pass), not the ref {@code Variable} output itself: TF's C++ gradient code crashes the JVM on ref-typed
 * outputs (seen with {@code SquareGrad}).
 *
 * <pre>{@code
 * OptimizerLowering opt = TfOptimizers.create(new Adam(1e-3));
 * Op train = opt.apply(tf, variables, gradients, learningRatePlaceholder, stepPlaceholder);
 * // or with an Embedding table's gradient as rows (ids (n), rowGradients (n, dim)):
 * Op sparse = TfOptimizers.create(new Adam(1e-3)).applyGradients(tf, List.of(table),
 *     List.of(TfGradient.rows(ids, rowGradients, vocabulary)), learningRatePlaceholder, stepPlaceholder);
 * }</pre>
 */
public final class TfOptimizers {
  private TfOptimizers() {}

  /** The lowering of {@code optimizer}; one per model (it remembers its slot variables). */
  public static OptimizerLowering create(Optimizer optimizer) {
    if (optimizer instanceof SGD s) {
      return new SgdLowering(s);
    }
    if (optimizer instanceof Adam a) { // AdamW too: its decay is the base class' weight decay
      return new AdamLowering(a);
    }
    if (optimizer instanceof RMSprop r) {
      return new RmsPropLowering(r);
    }
    if (optimizer instanceof Adagrad a) {
      return new AdagradLowering(a);
    }
    if (optimizer instanceof Adadelta a) {
      return new AdadeltaLowering(a);
    }
    if (optimizer instanceof Nadam n) {
      return new NadamLowering(n);
    }
    throw new IllegalArgumentException("No TensorFlow lowering for optimizer " + optimizer.className()
        + "; supported: [SGD, Adam, AdamW, RMSprop, Adagrad, Adadelta, Nadam]");
  }

  /** Clipping, weight decay, slot creation and the final grouping op shared by every optimizer. */
  abstract static class Base implements OptimizerLowering {
    final Optimizer optimizer;
    private final List<Variable<TFloat32>> slots = new ArrayList<>();
    private boolean applied;

    Base(Optimizer optimizer) {
      this.optimizer = optimizer;
    }

    @Override
    public final Op applyGradients(Ops tf, List<Variable<TFloat32>> variables, List<TfGradient> gradients,
        Operand<TFloat32> learningRate, Operand<TFloat32> step) {
      if (applied) {
        throw new IllegalStateException(optimizer.className() + ": apply(...) was already called on this lowering;"
            + " make one lowering per model with TfOptimizers.create");
      }
      if (variables.size() != gradients.size()) {
        throw new IllegalArgumentException(optimizer.className() + ": " + variables.size() + " variables but "
            + gradients.size() + " gradients");
      }
      applied = true;
      // As Keras, variables without a gradient (not connected to the loss) are left alone.
      List<Variable<TFloat32>> vars = new ArrayList<>();
      List<TfGradient> given = new ArrayList<>();
      for (int i = 0; i < variables.size(); i++) {
        if (gradients.get(i) != null) {
          vars.add(variables.get(i));
          given.add(gradients.get(i));
        }
      }
      Ops scoped = tf.withSubScope(optimizer.kerasName().toLowerCase(java.util.Locale.ROOT));
      List<TfGradient> grads = new ArrayList<>();
      List<Op> gradsReady = new ArrayList<>();
      for (TfGradient g : Clipping.clip(scoped, optimizer, given)) {
        TfGradient id = g.map(scoped::identity);
        grads.add(id);
        gradsReady.add(id.elements());
      }
      Ops updateOps = scoped;
      if (optimizer.weightDecay().isPresent() && optimizer.weightDecay().get() > 0) {
        // The decay writes the variables: it must wait for every gradient (which read them) to be computed.
        scoped = scoped.withControlDependencies(gradsReady);
        // Keras: variable.assign_sub(variable * wd * lr), in this order.
        Operand<TFloat32> wd = scoped.constant(optimizer.weightDecay().get().floatValue());
        List<Op> decays = new ArrayList<>();
        for (Variable<TFloat32> v : vars) {
          decays.add(scoped.assignSub(v, scoped.math.mul(scoped.math.mul(v, wd), learningRate)));
        }
        updateOps = scoped.withControlDependencies(decays);
      }
      prepare(updateOps, step);
      List<Op> updates = new ArrayList<>();
      for (int i = 0; i < vars.size(); i++) {
        TfGradient g = grads.get(i);
        updates.add(g.isRows() ? updateRows(updateOps, vars.get(i), g, learningRate, step)
            : update(updateOps, vars.get(i), g.elements(), learningRate, step));
      }
      return tf.withSubScope(optimizer.kerasName().toLowerCase(java.util.Locale.ROOT))
          .withControlDependencies(updates).withName("update").noOp();
    }

    /** Ops shared by all variables of one step (Nadam's momentum product). */
    void prepare(Ops tf, Operand<TFloat32> step) {}

    /** The update of one variable from a dense gradient. */
    abstract Op update(Ops tf, Variable<TFloat32> var, Operand<TFloat32> grad, Operand<TFloat32> lr,
        Operand<TFloat32> step);

    /** The update of one table from its looked-up rows, as Keras on TensorFlow applies an IndexedSlices. */
    abstract Op updateRows(Ops tf, Variable<TFloat32> var, TfGradient grad, Operand<TFloat32> lr,
        Operand<TFloat32> step);

    /** A slot variable shaped like {@code var}, filled with {@code initial}, named Keras' way. */
    Variable<TFloat32> slot(Ops tf, Variable<TFloat32> var, String slotName, float initial) {
      long[] dims = var.shape().asArray();
      String name = var.op().name().replace('/', '_') + "_" + slotName;
      return scalarOrShaped(tf, name, dims, initial);
    }

    Variable<TFloat32> scalarOrShaped(Ops tf, String name, long[] dims, float initial) {
      Ops init = tf.withInitScope();
      Variable<TFloat32> s = init.withName(name).variable(init.fill(init.constant(dims), init.constant(initial)));
      slots.add(s);
      return s;
    }

    @Override
    public List<Variable<TFloat32>> slotVariables() {
      return List.copyOf(slots);
    }

    /** A float32 constant; Keras' Python-float arithmetic ({@code 1 - self.beta_1}) is done in double first. */
    Operand<TFloat32> c(Ops tf, double v) {
      return tf.constant((float) v);
    }

    /** The rows of {@code table} the gradient's ids look up. */
    static Operand<TFloat32> rowsOf(Ops tf, Operand<TFloat32> table, TfGradient g) {
      return tf.gather(table, g.indices(), tf.constant(0));
    }
  }

  /** Keras' SGD: plain descent through ApplyGradientDescent; momentum as Keras writes it (m holds -lr·g terms). */
  static final class SgdLowering extends Base {
    private final SGD sgd;

    SgdLowering(SGD sgd) {
      super(sgd);
      this.sgd = sgd;
    }

    @Override
    Op update(Ops tf, Variable<TFloat32> var, Operand<TFloat32> g, Operand<TFloat32> lr, Operand<TFloat32> step) {
      if (sgd.momentum() == 0) {
        return tf.train.applyGradientDescent(var, lr, g);
      }
      return momentum(tf, var, tf.math.mul(g, lr));
    }

    @Override
    Op updateRows(Ops tf, Variable<TFloat32> var, TfGradient g, Operand<TFloat32> lr, Operand<TFloat32> step) {
      if (sgd.momentum() == 0) {
        // Keras: variable.scatter_sub(IndexedSlices(g·lr)): only the batch's rows change.
        return tf.scatterSub(var, g.indices(), tf.math.mul(g.values(), lr));
      }
      return momentum(tf, var, g.map(v -> tf.math.mul(v, lr)).dense(tf));
    }

    /** {@code m = m·momentum - lr·g; w += m} (Nesterov: {@code w += m·momentum - lr·g}), given {@code lr·g}. */
    private Op momentum(Ops tf, Variable<TFloat32> var, Operand<TFloat32> lrG) {
      // TF's ApplyMomentum keeps accum = Σ momentum^k·g and multiplies by the current lr, which differs from
      // Keras when the rate changes; Keras keeps m = momentum·m - lr·g.
      Variable<TFloat32> m = slot(tf, var, "momentum", 0f);
      Operand<TFloat32> mu = c(tf, sgd.momentum());
      Operand<TFloat32> mNew = tf.assign(m, tf.math.sub(tf.math.mul(m, mu), lrG));
      if (sgd.nesterov()) {
        return tf.assignAdd(var, tf.math.sub(tf.math.mul(mNew, mu), lrG));
      }
      return tf.assignAdd(var, mNew);
    }
  }

  /** Keras' Adam, its update_step written out (alpha = lr·sqrt(1-β2^t)/(1-β1^t), ε outside the root). */
  static final class AdamLowering extends Base {
    private final Adam adam;

    AdamLowering(Adam adam) {
      super(adam);
      this.adam = adam;
    }

    private Operand<TFloat32> b1Power;
    private Operand<TFloat32> b2Power;

    @Override
    void prepare(Ops tf, Operand<TFloat32> step) {
      // beta^t once per step for all variables (not two Pow ops per variable).
      b1Power = tf.math.pow(c(tf, adam.beta1()), step);
      b2Power = tf.math.pow(c(tf, adam.beta2()), step);
    }

    @Override
    Op update(Ops tf, Variable<TFloat32> var, Operand<TFloat32> g, Operand<TFloat32> lr, Operand<TFloat32> step) {
      // Not TF's fused ApplyAdam: it rounds 1-β1 and 1-β2 in float32 (1f-0.999f is 4.7e-5 above Keras'
      // float32(1-0.999), and Keras' bias correction keeps its own rounding), which moved weights 1e-5 (relative)
      // away from Keras' within 6 steps. Keras' ops written out match to 1e-7 (OptimizerParityTest).
      return written(tf, var, g, tf.math.square(g), lr);
    }

    @Override
    Op updateRows(Ops tf, Variable<TFloat32> var, TfGradient g, Operand<TFloat32> lr, Operand<TFloat32> step) {
      // Keras: m += (g - m)·(1-β1) sums the rows; v += (square(g) - v)·(1-β2) squares them first.
      return written(tf, var, g.dense(tf), g.denseSquares(tf), lr);
    }

    /** Keras' update_step with plain ops, given the dense gradient and Keras' {@code ops.square(gradient)}. */
    private Op written(Ops tf, Variable<TFloat32> var, Operand<TFloat32> g, Operand<TFloat32> gSquared,
        Operand<TFloat32> lr) {
      Variable<TFloat32> m = slot(tf, var, "momentum", 0f);
      Variable<TFloat32> v = slot(tf, var, "velocity", 0f);
      Operand<TFloat32> one = c(tf, 1);
      Operand<TFloat32> alpha = tf.math.div(tf.math.mul(lr, tf.math.sqrt(tf.math.sub(one, b2Power))),
          tf.math.sub(one, b1Power));
      Operand<TFloat32> mNew = tf.assignAdd(m, tf.math.mul(tf.math.sub(g, m), c(tf, 1 - adam.beta1())));
      Operand<TFloat32> vNew = tf.assignAdd(v, tf.math.mul(tf.math.sub(gSquared, v), c(tf, 1 - adam.beta2())));
      if (adam.amsgrad()) {
        Variable<TFloat32> vHat = slot(tf, var, "velocity_hat", 0f);
        vNew = tf.assign(vHat, tf.math.maximum(vHat, vNew));
      }
      return tf.assignSub(var, tf.math.div(tf.math.mul(mNew, alpha),
          tf.math.add(tf.math.sqrt(vNew), c(tf, adam.epsilon()))));
    }
  }

  /** Keras' RMSprop: TF's ApplyRMSProp / ApplyCenteredRMSProp compute the same (ε inside the root). */
  static final class RmsPropLowering extends Base {
    private final RMSprop rms;

    RmsPropLowering(RMSprop rms) {
      super(rms);
      this.rms = rms;
    }

    @Override
    Op update(Ops tf, Variable<TFloat32> var, Operand<TFloat32> g, Operand<TFloat32> lr, Operand<TFloat32> step) {
      Variable<TFloat32> velocity = slot(tf, var, "velocity", 0f);
      // The fused ops always keep a momentum accumulator; with momentum 0 it holds just this step's increment.
      Variable<TFloat32> mom = slot(tf, var, "momentum", 0f);
      Operand<TFloat32> rho = c(tf, rms.rho());
      Operand<TFloat32> mu = c(tf, rms.momentum());
      Operand<TFloat32> eps = c(tf, rms.epsilon());
      if (rms.centered()) {
        Variable<TFloat32> avg = slot(tf, var, "average_gradient", 0f);
        return tf.train.applyCenteredRmsProp(var, avg, velocity, mom, lr, rho, mu, eps, g);
      }
      return tf.train.applyRmsProp(var, velocity, mom, lr, rho, mu, eps, g);
    }

    @Override
    Op updateRows(Ops tf, Variable<TFloat32> var, TfGradient g, Operand<TFloat32> lr, Operand<TFloat32> step) {
      // Slots in the order and with the names of the dense path (saved optimizer state does not depend on it).
      Variable<TFloat32> velocity = slot(tf, var, "velocity", 0f);
      Variable<TFloat32> mom = slot(tf, var, "momentum", 0f);
      Operand<TFloat32> rho = c(tf, rms.rho());
      Operand<TFloat32> oneMinusRho = c(tf, 1 - rms.rho());
      Operand<TFloat32> eps = c(tf, rms.epsilon());
      // velocity = rho·velocity + (1-rho)·square(g), the squared rows summed per id.
      Operand<TFloat32> vNew = tf.assign(velocity, tf.math.add(tf.math.mul(rho, velocity),
          g.map(x -> tf.math.mul(oneMinusRho, tf.math.square(x))).dense(tf)));
      Operand<TFloat32> denominator;
      if (rms.centered()) {
        Variable<TFloat32> avg = slot(tf, var, "average_gradient", 0f);
        Operand<TFloat32> avgNew = tf.assign(avg, tf.math.add(tf.math.mul(rho, avg),
            g.map(x -> tf.math.mul(oneMinusRho, x)).dense(tf)));
        denominator = tf.math.add(tf.math.sub(vNew, tf.math.square(avgNew)), eps);
      } else {
        denominator = tf.math.add(vNew, eps);
      }
      // increment = lr·g / sqrt(denominator), row by row.
      Operand<TFloat32> increment = tf.math.div(tf.math.mul(lr, g.values()),
          rowsOf(tf, tf.math.sqrt(denominator), g));
      if (rms.momentum() > 0) {
        Operand<TFloat32> momNew = tf.assign(mom, tf.math.add(tf.math.mul(c(tf, rms.momentum()), mom),
            tf.math.unsortedSegmentSum(increment, g.indices(), tf.constant(var.shape().get(0)))));
        return tf.assignSub(var, momNew);
      }
      return tf.scatterSub(var, g.indices(), increment);
    }
  }

  /** Keras' Adagrad: {@code a += g²; w -= lr·g/sqrt(a + ε)} (TF's ApplyAdagradV2 puts ε outside the root). */
  static final class AdagradLowering extends Base {
    private final Adagrad ada;

    AdagradLowering(Adagrad ada) {
      super(ada);
      this.ada = ada;
    }

    @Override
    Op update(Ops tf, Variable<TFloat32> var, Operand<TFloat32> g, Operand<TFloat32> lr, Operand<TFloat32> step) {
      Variable<TFloat32> acc = slot(tf, var, "accumulator", (float) ada.initialAccumulatorValue());
      Operand<TFloat32> accNew = tf.assignAdd(acc, tf.math.square(g));
      return tf.assignSub(var, tf.math.div(tf.math.mul(lr, g),
          tf.math.sqrt(tf.math.add(accNew, c(tf, ada.epsilon())))));
    }

    @Override
    Op updateRows(Ops tf, Variable<TFloat32> var, TfGradient g, Operand<TFloat32> lr, Operand<TFloat32> step) {
      // Keras: accumulator.scatter_add(square(rows)); variable.scatter_sub(lr·rows / sqrt(accumulator + ε)):
      // both touch the batch's rows only.
      Variable<TFloat32> acc = slot(tf, var, "accumulator", (float) ada.initialAccumulatorValue());
      Operand<TFloat32> accNew = tf.scatterAdd(acc, g.indices(), tf.math.square(g.values()));
      Operand<TFloat32> denominator = tf.math.sqrt(tf.math.add(rowsOf(tf, accNew, g), c(tf, ada.epsilon())));
      return tf.scatterSub(var, g.indices(), tf.math.div(tf.math.mul(lr, g.values()), denominator));
    }
  }

  /** Keras' Adadelta: TF's ApplyAdadelta is the same formula. */
  static final class AdadeltaLowering extends Base {
    private final Adadelta ada;

    AdadeltaLowering(Adadelta ada) {
      super(ada);
      this.ada = ada;
    }

    @Override
    Op update(Ops tf, Variable<TFloat32> var, Operand<TFloat32> g, Operand<TFloat32> lr, Operand<TFloat32> step) {
      Variable<TFloat32> accGrad = slot(tf, var, "accumulated_grad", 0f);
      Variable<TFloat32> accDelta = slot(tf, var, "accumulated_delta_var", 0f);
      return tf.train.applyAdadelta(var, accGrad, accDelta, lr, c(tf, ada.rho()), c(tf, ada.epsilon()), g);
    }

    @Override
    Op updateRows(Ops tf, Variable<TFloat32> var, TfGradient g, Operand<TFloat32> lr, Operand<TFloat32> step) {
      Variable<TFloat32> accGrad = slot(tf, var, "accumulated_grad", 0f);
      Variable<TFloat32> accDelta = slot(tf, var, "accumulated_delta_var", 0f);
      Operand<TFloat32> rho = c(tf, ada.rho());
      Operand<TFloat32> oneMinusRho = c(tf, 1 - ada.rho());
      Operand<TFloat32> eps = c(tf, ada.epsilon());
      // accumulated_grad = rho·acc + (1-rho)·square(g), squared rows summed per id.
      Operand<TFloat32> accGradNew = tf.assign(accGrad, tf.math.add(tf.math.mul(rho, accGrad),
          g.map(x -> tf.math.mul(oneMinusRho, tf.math.square(x))).dense(tf)));
      // delta = -rms(accumulated_delta_var)·g / rms(accumulated_grad), row by row (the old delta accumulator:
      // its assignment below depends on these rows).
      Operand<TFloat32> rmsDelta = tf.math.sqrt(tf.math.add(rowsOf(tf, accDelta, g), eps));
      Operand<TFloat32> rmsGrad = tf.math.sqrt(tf.math.add(rowsOf(tf, accGradNew, g), eps));
      Operand<TFloat32> delta = tf.math.neg(tf.math.div(tf.math.mul(rmsDelta, g.values()), rmsGrad));
      TfGradient deltaRows = TfGradient.rows(g.indices(), delta, var.shape().get(0));
      Op accDeltaNew = tf.assign(accDelta, tf.math.add(tf.math.mul(rho, accDelta),
          deltaRows.map(x -> tf.math.mul(oneMinusRho, tf.math.square(x))).dense(tf)));
      Op varNew = tf.scatterAdd(var, g.indices(), tf.math.mul(lr, delta));
      return tf.withControlDependencies(List.of(accDeltaNew, varNew)).noOp();
    }
  }

  /** Keras' Nadam, with its momentum schedule {@code u_t = β1·(1 - 0.5·0.96^t)} and running product of u_t. */
  static final class NadamLowering extends Base {
    private final Nadam nadam;
    private Operand<TFloat32> uT;
    private Operand<TFloat32> uT1;
    private Operand<TFloat32> uProductT;

    NadamLowering(Nadam nadam) {
      super(nadam);
      this.nadam = nadam;
    }

    @Override
    void prepare(Ops tf, Operand<TFloat32> step) {
      Operand<TFloat32> b1 = c(tf, nadam.beta1());
      Operand<TFloat32> half = c(tf, 0.5);
      Operand<TFloat32> one = c(tf, 1);
      Operand<TFloat32> decay = c(tf, 0.96);
      uT = tf.math.mul(b1, tf.math.sub(one, tf.math.mul(half, tf.math.pow(decay, step))));
      uT1 = tf.math.mul(b1, tf.math.sub(one, tf.math.mul(half, tf.math.pow(decay, tf.math.add(step, one)))));
      Variable<TFloat32> uProduct = scalarOrShaped(tf, "u_product", new long[0], 1f);
      uProductT = tf.assign(uProduct, tf.math.mul(uProduct, uT));
    }

    @Override
    Op update(Ops tf, Variable<TFloat32> var, Operand<TFloat32> g, Operand<TFloat32> lr, Operand<TFloat32> step) {
      return written(tf, var, TfGradient.dense(g), lr, step);
    }

    @Override
    Op updateRows(Ops tf, Variable<TFloat32> var, TfGradient g, Operand<TFloat32> lr, Operand<TFloat32> step) {
      return written(tf, var, g, lr, step);
    }

    private Op written(Ops tf, Variable<TFloat32> var, TfGradient g, Operand<TFloat32> lr, Operand<TFloat32> step) {
      Variable<TFloat32> m = slot(tf, var, "momentum", 0f);
      Variable<TFloat32> v = slot(tf, var, "velocity", 0f);
      Operand<TFloat32> one = c(tf, 1);
      Operand<TFloat32> b1 = c(tf, nadam.beta1());
      Operand<TFloat32> b2 = c(tf, nadam.beta2());
      Operand<TFloat32> uProductT1 = tf.math.mul(uProductT, uT1);
      Operand<TFloat32> mNew = tf.assignAdd(m, tf.math.mul(tf.math.sub(g.dense(tf), m), tf.math.sub(one, b1)));
      Operand<TFloat32> vNew = tf.assignAdd(v, tf.math.mul(tf.math.sub(g.denseSquares(tf), v),
          tf.math.sub(one, b2)));
      // (1-u_t)·g / (1-u_product_t) is taken row by row, then the rows are summed.
      Operand<TFloat32> oneMinusUt = tf.math.sub(one, uT);
      Operand<TFloat32> oneMinusUProductT = tf.math.sub(one, uProductT);
      Operand<TFloat32> mHat = tf.math.add(
          tf.math.div(tf.math.mul(uT1, mNew), tf.math.sub(one, uProductT1)),
          g.map(x -> tf.math.div(tf.math.mul(oneMinusUt, x), oneMinusUProductT)).dense(tf));
      Operand<TFloat32> vHat = tf.math.div(vNew, tf.math.sub(one, tf.math.pow(b2, step)));
      return tf.assignSub(var, tf.math.div(tf.math.mul(mHat, lr),
          tf.math.add(tf.math.sqrt(vHat), c(tf, nadam.epsilon()))));
    }
  }
}
