package io.jkeras.tf;

import static io.jkeras.ops.Ops.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jkeras.DType;
import io.jkeras.SymbolicTensor;
import io.jkeras.ops.Ops;
import io.jkeras.saving.Npz;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.tensorflow.ndarray.Shape;

/**
 * The keras.ops cases of {@code tools/keras-crosscheck/make_ops_fixtures.py}: for each, the same call written
 * with {@link Ops}, and Keras' inputs, outputs and symbolic shapes read from {@code resources/ops/}.
 */
final class OpCases {

  /** One call of ops on the case's inputs; returns a tensor or a list of tensors. */
  @FunctionalInterface
  interface Call {
    Object apply(List<SymbolicTensor> in);
  }

  /** An input or output array of a fixture: Keras dtype, shape and values (ints and bools as exact numbers). */
  record Array(DType dtype, long[] shape, double[] values) {
    Shape tfShape() {
      return Shape.of(shape);
    }
  }

  /** One case as Keras computed it. */
  record Fixture(String name, List<Array> inputs, List<Array> outputs, int[] batched, List<long[]> specs) {}

  static final Map<String, Call> CALLS = new LinkedHashMap<>();

  private static void c0(String name, Supplier<Object> f) {
    put(name, in -> f.get());
  }

  private static void c1(String name, Function<SymbolicTensor, Object> f) {
    put(name, in -> f.apply(in.get(0)));
  }

  private static void c2(String name, BiFunction<SymbolicTensor, SymbolicTensor, Object> f) {
    put(name, in -> f.apply(in.get(0), in.get(1)));
  }

  private static void put(String name, Call f) {
    if (CALLS.put(name, f) != null) {
      throw new IllegalStateException("two cases named " + name);
    }
  }

  private static int[] i(int... v) {
    return v;
  }

  static {
    // arithmetic
    c2("add_broadcast", Ops::add);
    c1("add_scalar", x -> add(x, 2.5));
    c1("add_int_scalar", x -> add(x, 2));
    c1("add_int_float_scalar", x -> add(x, 2.5));
    c2("add_int_float", Ops::add);
    c1("add_bool_int_scalar", x -> add(x, 1));
    c2("subtract", Ops::subtract);
    c1("subtract_scalar_left", x -> subtract(1.5, x));
    c1("subtract_int_scalar_left", x -> subtract(1, x));
    c2("multiply_broadcast", Ops::multiply);
    c2("multiply_int", Ops::multiply);
    c1("multiply_scalar", x -> multiply(x, -0.5));
    c2("divide", Ops::divide);
    c2("divide_int", Ops::divide);
    c1("divide_scalar_left", x -> divide(2.0, x));
    c1("divide_scalar", x -> divide(x, 4));
    c2("true_divide", Ops::trueDivide);
    c1("negative", Ops::negative);
    c2("power", Ops::power);
    c1("power_scalar", x -> power(x, 3));
    c1("power_int", x -> power(x, 2));
    c1("power_scalar_base", x -> power(2.0, x));
    c1("power_int_base", x -> power(2, x));
    c2("maximum", Ops::maximum);
    c1("maximum_scalar", x -> maximum(x, 0.0));
    c2("minimum", Ops::minimum);
    c1("minimum_int_scalar", x -> minimum(x, 2));
    c1("absolute", Ops::abs);
    c1("absolute_int", Ops::abs);
    c1("square", Ops::square);
    c1("sqrt", Ops::sqrt);
    c1("sqrt_int", Ops::sqrt);
    c1("exp", Ops::exp);
    c1("log", Ops::log);
    c1("log1p", Ops::log1p);
    c1("erf", Ops::erf);
    c1("sign", Ops::sign);
    c1("sign_int", Ops::sign);
    c1("clip", x -> clip(x, -0.5, 0.5));
    c1("clip_int", x -> clip(x, 1, 3));

    // linear algebra
    for (String n : List.of("matmul_2d", "matmul_rank3", "matmul_broadcast", "matmul_batch_broadcast",
        "matmul_vec_mat", "matmul_mat_vec", "matmul_rank3_vec", "matmul_vec_vec", "matmul_int")) {
      c2(n, Ops::matmul);
    }
    c2("dot_2d", Ops::dot);
    c2("dot_rank3", Ops::dot);
    c2("dot_vec", Ops::dot);
    c1("dot_scalar", x -> dot(x, fullLike(sum(x), 1.5)));
    c2("tensordot_default", Ops::tensordot);
    c2("tensordot_1", (x, y) -> tensordot(x, y, 1));
    c2("tensordot_pairs", (x, y) -> tensordot(x, y, i(1, 2), i(1, 0)));
    c2("einsum_matmul", (x, y) -> einsum("ij,jk->ik", x, y));
    c2("einsum_batch", (x, y) -> einsum("bij,bjk->bik", x, y));
    c1("einsum_transpose", x -> einsum("ij->ji", x));
    c2("einsum_outer", (x, y) -> einsum("i,j->ij", x, y));
    c1("einsum_sum", x -> einsum("bij->b", x));
    c2("einsum_implicit", (x, y) -> einsum("ij,jk", x, y));
    c2("einsum_ellipsis", (x, y) -> einsum("...ij,...jk->...ik", x, y));
    put("einsum_three", in -> einsum("ij,jk,kl->il", in.get(0), in.get(1), in.get(2)));
    c2("einsum_int", (x, y) -> einsum("ij,jk->ik", x, y));
    c1("einsum_diagonal", x -> einsum("ii->i", x));
    c1("einsum_trace", x -> einsum("ii", x));
    c2("einsum_ellipsis_broadcast", (x, y) -> einsum("...ij,jk->...ik", x, y));
    c2("einsum_attention", (q, k) -> einsum("bqhd,bkhd->bhqk", q, k));

    // shapes
    c1("reshape", x -> reshape(x, 4, -1));
    c1("reshape_batch", x -> reshape(x, -1, 12));
    c1("transpose_default", x -> transpose(x));
    c1("transpose_axes", x -> transpose(x, 1, 0, 2));
    c1("transpose_negative", x -> transpose(x, 0, -1, -2));
    c1("expand_dims", x -> expandDims(x, 1));
    c1("expand_dims_negative", x -> expandDims(x, -1));
    c1("squeeze_all", x -> squeeze(x));
    c1("squeeze_axis", x -> squeeze(x, -2));
    c2("concatenate_default", (x, y) -> concatenate(List.of(x, y)));
    c2("concatenate_last", (x, y) -> concatenate(List.of(x, y), -1));
    c2("concatenate_int_float", (x, y) -> concatenate(List.of(x, y), 1));
    c2("stack_default", (x, y) -> stack(List.of(x, y)));
    c2("stack_last", (x, y) -> stack(List.of(x, y), -1));
    c1("split_sections", x -> split(x, 3, -1));
    c1("split_indices", x -> split(x, i(1, 4), 1));
    c1("split_default_axis", x -> split(x, 2));
    c2("take_axis1", (x, idx) -> take(x, idx, 1));
    c2("take_negative", (x, idx) -> take(x, idx, 0));
    c2("take_flat", Ops::take);
    c2("take_along_axis", (x, idx) -> takeAlongAxis(x, idx, 1));
    c2("take_along_axis_negative", (x, idx) -> takeAlongAxis(x, idx, -1));
    c2("take_along_axis_broadcast", (x, idx) -> takeAlongAxis(x, idx, 1));
    put("where", in -> where(greater(in.get(0), 0), in.get(1), in.get(2)));
    put("where_bool", in -> where(in.get(0), in.get(1), in.get(2)));
    c2("where_scalar", (c, x) -> where(c, x, 2.5));
    c2("where_int_float", (c, x) -> where(c, x, 0.5));
    c2("where_scalar_left", (c, x) -> where(c, 1.5, x));
    c1("cast_float_int", x -> cast(x, DType.INT32));
    c1("cast_int_float", x -> cast(x, DType.FLOAT32));
    c1("cast_bool", x -> cast(x, DType.BOOL));
    c1("tile", x -> tile(x, 2, 1));
    c1("tile_short", x -> tile(x, 2));
    c1("tile_long", x -> tile(x, 2, 1, 2));
    c1("repeat_axis", x -> repeat(x, 2, 1));
    c1("repeat_flat", x -> repeat(x, 2));
    c1("pad", x -> pad(x, new int[][] {{1, 0}, {2, 1}}));
    c1("pad_value", x -> pad(x, new int[][] {{0, 1}, {1, 1}}, 1.5));
    c1("pad_reflect", x -> pad(x, new int[][] {{1, 1}, {2, 1}}, "reflect"));
    c1("pad_symmetric", x -> pad(x, new int[][] {{1, 0}, {2, 2}}, "symmetric"));
    c1("slice", x -> slice(x, new long[] {0, 1, 1}, new long[] {2, 2, 3}));
    c1("slice_rest", x -> slice(x, new long[] {1, 0}, new long[] {-1, 2}));
    c1("ones_like", Ops::onesLike);
    c1("zeros_like", Ops::zerosLike);
    c1("full_like", x -> fullLike(x, 2.5));
    c1("full_like_int", x -> fullLike(x, 7));
    c1("full_like_dtype", x -> fullLike(x, 2.5, DType.INT32));
    c1("ones_like_dtype", x -> onesLike(x, DType.BOOL));
    c1("zeros_like_dtype", x -> zerosLike(x, DType.FLOAT32));
    c1("stop_gradient", Ops::stopGradient);
    c0("arange_int", () -> arange(5));
    c0("arange_float", () -> arange(0, 2, 0.5));
    c0("arange_step", () -> arange(1, 10, 3));
    c0("arange_dtype", () -> arange(0, 4, 1, DType.FLOAT32));
    c0("arange_empty", () -> arange(2, 2, 1));
    c1("one_hot", x -> oneHot(x, 4));
    c1("one_hot_outside", x -> oneHot(x, 3));
    c1("one_hot_axis", x -> oneHot(x, 4, 0));
    c1("one_hot_nn", x -> oneHot(x, 5));
    c1("one_hot_dtype", x -> oneHot(x, 3, -1, DType.INT32));
    c1("one_hot_bool", x -> oneHot(x, 3, -1, DType.BOOL));

    // reductions
    c1("sum_all", x -> sum(x));
    c1("sum_axis_keepdims", x -> sum(x, true, 1));
    c1("sum_axes", x -> sum(x, false, 0, 2));
    c1("sum_negative", x -> sum(x, -1));
    c1("sum_int", x -> sum(x, 0));
    c1("sum_bool", x -> sum(x, 1));
    c1("mean_axis", x -> mean(x, -1));
    c1("mean_all", x -> mean(x));
    c1("mean_int", x -> mean(x, 1));
    c1("max_axis", x -> max(x, false, 1));
    c1("max_keepdims", x -> max(x, true, 1, 2));
    c1("min_all", x -> min(x));
    c1("min_axis", x -> min(x, false, 0));
    c1("prod_axis", x -> prod(x, false, 0));
    c1("prod_all", x -> prod(x));
    c1("prod_int", x -> prod(x, false, 1));
    c1("argmax", x -> argmax(x, 1));
    c1("argmax_keepdims", x -> argmax(x, -1, true));
    c1("argmax_flat", x -> argmax(x));
    c1("argmin", x -> argmin(x, -1));
    c1("argmin_int", x -> argmin(x, 0));
    c1("cumsum", x -> cumsum(x, 1));
    c1("cumsum_negative", x -> cumsum(x, -1));
    c1("cumsum_flat", x -> cumsum(x));
    c1("cumsum_int", x -> cumsum(x, 0));
    c1("norm_default", x -> norm(x));
    c1("norm_vector", x -> norm(x));
    c1("norm_axis_keepdims", x -> norm(x, true, -1));
    c1("norm_ord1", x -> norm(x, 1, 1, false));
    c1("norm_ord_inf", x -> norm(x, Double.POSITIVE_INFINITY, -1, false));
    c1("norm_ord_neg_inf", x -> norm(x, Double.NEGATIVE_INFINITY, -1, false));
    c1("norm_ord0", x -> norm(x, 0, -1, false));
    c1("norm_ord3", x -> norm(x, 3, 0, false));
    c1("norm_fro", x -> norm(x, "fro", false, 1, 2));
    c1("norm_matrix_ord1", x -> norm(x, 1, false, 1, 2));
    c1("norm_matrix_ord_inf", x -> norm(x, Double.POSITIVE_INFINITY, true, -2, -1));
    c1("norm_matrix_ord_neg1", x -> norm(x, -1, false, 2, 1));
    c1("logsumexp", x -> logsumexp(x, -1, false));
    c1("logsumexp_keepdims", x -> logsumexp(x, 1, true));
    c1("logsumexp_all", x -> logsumexp(x));
    c1("norm_matrix_keepdims", x -> norm(x, true, 1, 2));

    // comparisons and logic
    c2("equal", Ops::equal);
    c2("not_equal", Ops::notEqual);
    c2("less", Ops::less);
    c2("greater", Ops::greater);
    c2("less_equal", Ops::lessEqual);
    c2("greater_equal", Ops::greaterEqual);
    c1("equal_scalar", x -> equal(x, 2));
    c1("less_int_float_scalar", x -> less(x, 1.5));
    c1("greater_scalar", x -> greater(x, 0.25));
    c1("not_equal_scalar", x -> notEqual(x, 1));
    c1("less_equal_scalar", x -> lessEqual(x, 0.25));
    c1("greater_equal_int_scalar", x -> greaterEqual(x, 1));
    c2("logical_and", Ops::logicalAnd);
    c2("logical_or", Ops::logicalOr);
    c1("logical_not", Ops::logicalNot);
    c2("logical_and_numbers", Ops::logicalAnd);
    c1("logical_not_float", Ops::logicalNot);

    // activations
    c1("relu", Ops::relu);
    c1("relu6", Ops::relu6);
    c1("sigmoid", Ops::sigmoid);
    c1("tanh", Ops::tanh);
    c1("softplus", Ops::softplus);
    c1("silu", Ops::silu);
    c1("gelu", Ops::gelu);
    c1("gelu_exact", x -> gelu(x, false));
    c1("elu", Ops::elu);
    c1("elu_alpha", x -> elu(x, 0.5));
    c1("leaky_relu", Ops::leakyRelu);
    c1("leaky_relu_slope", x -> leakyRelu(x, 0.05));
    c1("softmax", Ops::softmax);
    c1("softmax_axis1", x -> softmax(x, 1));
    c1("softmax_axis0", x -> softmax(x, 0));
    c1("log_softmax_rank3", Ops::logSoftmax);
    c1("log_softmax_axis1", x -> logSoftmax(x, 1));

    // convolution and pooling
    c2("conv1d", Ops::conv);
    c2("conv1d_same_strides", (x, k) -> conv(x, k, i(2), "same", null));
    c2("conv2d", Ops::conv);
    c2("conv2d_strides_same", (x, k) -> conv(x, k, i(2), "same", null));
    c2("conv2d_dilation", (x, k) -> conv(x, k, null, "valid", i(2)));
    c2("conv2d_dilation_same", (x, k) -> conv(x, k, null, "same", i(2, 1)));
    c2("conv3d", (x, k) -> conv(x, k, null, "same", null));
    c2("depthwise_conv2d", (x, k) -> depthwiseConv(x, k, null, "same", null));
    c2("depthwise_conv2d_strides", (x, k) -> depthwiseConv(x, k, i(2), "valid", null));
    c2("depthwise_conv2d_dilation", (x, k) -> depthwiseConv(x, k, null, "valid", i(2)));
    c2("depthwise_conv1d", (x, k) -> depthwiseConv(x, k, null, "same", null));
    c2("conv_transpose2d", (x, k) -> convTranspose(x, k, i(2), "valid"));
    c2("conv_transpose2d_same", (x, k) -> convTranspose(x, k, i(2), "same"));
    c2("conv_transpose2d_output_padding", (x, k) -> convTranspose(x, k, i(2), "valid", i(1)));
    c2("conv_transpose1d", (x, k) -> convTranspose(x, k, i(2), "same"));
    c1("max_pool2d", x -> maxPool(x, i(2), null, "valid"));
    c1("max_pool2d_same", x -> maxPool(x, i(3), i(1), "same"));
    c1("max_pool2d_strides", x -> maxPool(x, i(2, 3), i(1, 2), "valid"));
    c1("max_pool1d", x -> maxPool(x, i(2), null, "same"));
    c1("max_pool3d", x -> maxPool(x, i(2), null, "valid"));
    c1("average_pool2d", x -> averagePool(x, i(2), null, "valid"));
    c1("average_pool2d_same", x -> averagePool(x, i(3), i(2), "same"));
    c1("average_pool1d", x -> averagePool(x, i(3), i(1), "valid"));
    c1("average_pool3d", x -> averagePool(x, i(2), null, "same"));

    // normalization
    c1("moments", x -> moments(x, 0));
    c1("moments_axes_keepdims", x -> moments(x, true, 0, 1, 2));
    c1("moments_last", x -> moments(x, -1));
    put("batch_normalization", in -> batchNormalization(in.get(0), in.get(1), in.get(2), -1, in.get(3), in.get(4)));
    put("batch_normalization_axis1", in -> batchNormalization(in.get(0), in.get(1), in.get(2), 1, null, null,
        0.01));
  }

  private OpCases() {}

  private static Map<String, Fixture> fixtures;

  /** Every fixture, by case name, in the script's order. */
  static synchronized Map<String, Fixture> fixtures() {
    if (fixtures == null) {
      fixtures = load();
    }
    return fixtures;
  }

  private static Map<String, Fixture> load() {
    try {
      Path npz = Path.of(OpCases.class.getResource("/ops/ops_values.npz").toURI());
      float[] values = Npz.read(npz).get("values").floats();
      JsonNode index;
      try (InputStream in = OpCases.class.getResourceAsStream("/ops/ops_cases.json")) {
        index = new ObjectMapper().readTree(in);
      }
      Map<String, Fixture> out = new LinkedHashMap<>();
      index.fields().forEachRemaining(e -> {
        JsonNode c = e.getValue();
        int[] batched = new int[c.get("batched").size()];
        for (int k = 0; k < batched.length; k++) {
          batched[k] = c.get("batched").get(k).asInt();
        }
        List<long[]> specs = null;
        if (!c.get("specs").isNull()) {
          specs = new ArrayList<>();
          for (JsonNode s : c.get("specs")) {
            specs.add(longs(s));
          }
        }
        out.put(e.getKey(), new Fixture(e.getKey(), arrays(c.get("inputs"), values), arrays(c.get("outputs"), values),
            batched, specs));
      });
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<Array> arrays(JsonNode list, float[] values) {
    List<Array> out = new ArrayList<>();
    for (JsonNode a : list) {
      long[] shape = longs(a.get("shape"));
      int n = (int) Arrays.stream(shape).reduce(1, (p, q) -> p * q);
      int offset = a.get("offset").asInt();
      double[] v = new double[n];
      for (int k = 0; k < n; k++) {
        v[k] = values[offset + k];
      }
      out.add(new Array(DType.of(a.get("dtype").asText()), shape, v));
    }
    return out;
  }

  private static long[] longs(JsonNode list) {
    long[] out = new long[list.size()];
    for (int k = 0; k < out.length; k++) {
      out[k] = list.get(k).asLong();
    }
    return out;
  }

  /** The outputs of a call as a list. */
  @SuppressWarnings("unchecked")
  static List<SymbolicTensor> outputs(Object result) {
    return result instanceof SymbolicTensor t ? List.of(t) : (List<SymbolicTensor>) result;
  }
}
