package io.jkeras.saving;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * NumPy's {@code .npz} format: a zip of {@code .npy} entries, one per named array, as {@code np.savez} writes
 * it (entries stored uncompressed, {@code .npy} version 1.0 with NumPy's exact header, padding and 64-byte
 * alignment), so that Python's {@code np.load(path)} reads the arrays by name. Arrays are little-endian
 * {@code float32} ({@code '<f4'}) or {@code int64} ({@code '<i8'}); reading also accepts {@code '<f8'} and
 * {@code '<i4'} (what NumPy writes by default) and converts them.
 *
 * <pre>{@code
 * Map<String, Npz.Array> arrays = new LinkedHashMap<>();
 * arrays.put("layers/dense/vars/0", Npz.Array.ofFloats(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
 * byte[] npz = Npz.toBytes(arrays);       // Python: np.load(io.BytesIO(npz))["layers/dense/vars/0"]
 * }</pre>
 */
public final class Npz {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  /** NumPy's ARRAY_ALIGN and GROWTH_AXIS_MAX_DIGITS (numpy/lib/format.py). */
  private static final int ALIGN = 64;
  private static final int GROWTH_AXIS_MAX_DIGITS = 21;
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  private Npz() {}

  /**
   * One array: its shape and its values in C order, as floats or as longs (exactly one is non-null).
   *
   * @param shape the dimensions ({@code []} for a scalar)
   * @param floats float32 values, or {@code null}
   * @param longs int64 values, or {@code null}
   */
  public record Array(long[] shape, float[] floats, long[] longs) {
    public Array {
      if ((floats == null) == (longs == null)) {
        throw new IllegalArgumentException("an array holds floats or longs");
      }
      long n = size(shape);
      long len = floats != null ? floats.length : longs.length;
      if (n != len) {
        throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n + " values, got "
            + len);
      }
    }

    public static Array ofFloats(float[] values, long... shape) {
      return new Array(shape.clone(), values, null);
    }

    /** A scalar int64 (an optimizer's iteration count). */
    public static Array scalar(long value) {
      return new Array(new long[0], null, new long[] {value});
    }

    /** A scalar float32 (a learning rate). */
    public static Array scalar(float value) {
      return new Array(new long[0], new float[] {value}, null);
    }

    public boolean isFloat() {
      return floats != null;
    }

    /** The shape as Python prints it: {@code (3, 4)}, {@code (5,)}, {@code ()}. */
    public String shapeString() {
      return pythonTuple(shape);
    }
  }

  static long size(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

  static String pythonTuple(long[] shape) {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(shape[i]);
    }
    if (shape.length == 1) {
      sb.append(',');
    }
    return sb.append(')').toString();
  }

  // ---------------------------------------------------------------- writing

  /** The {@code .npz} bytes of the arrays, entries in the map's order. */
  public static byte[] toBytes(Map<String, Array> arrays) throws IOException {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    write(arrays, bos);
    return bos.toByteArray();
  }

  /** Writes the arrays as {@code .npz} to {@code out} (which is not closed). */
  public static void write(Map<String, Array> arrays, OutputStream out) throws IOException {
    ZipOutputStream zip = new ZipOutputStream(nonClosing(out));
    for (Map.Entry<String, Array> e : arrays.entrySet()) {
      storedEntry(zip, e.getKey() + ".npy", npy(e.getValue()));
    }
    zip.finish();
  }

  /** Adds an uncompressed entry (as {@code np.savez} and Keras' archive write). */
  static void storedEntry(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
    ZipEntry entry = new ZipEntry(name);
    entry.setMethod(ZipEntry.STORED);
    entry.setSize(bytes.length);
    entry.setCompressedSize(bytes.length);
    CRC32 crc = new CRC32();
    crc.update(bytes);
    entry.setCrc(crc.getValue());
    zip.putNextEntry(entry);
    zip.write(bytes);
    zip.closeEntry();
  }

  /** One array in {@code .npy} format 1.0, byte for byte as {@code np.save} writes it. */
  public static byte[] npy(Array a) {
    String descr = a.isFloat() ? "<f4" : "<i8";
    // numpy/lib/format.py: keys sorted, repr of each value, spare spaces for growing axis 0, then padding.
    StringBuilder h = new StringBuilder();
    h.append("{'descr': '").append(descr).append("', 'fortran_order': False, 'shape': ")
        .append(pythonTuple(a.shape())).append(", }");
    if (a.shape().length > 0) {
      h.append(" ".repeat(GROWTH_AXIS_MAX_DIGITS - Long.toString(a.shape()[0]).length()));
    }
    int hlen = h.length() + 1; // + the final newline
    int padlen = ALIGN - ((MAGIC.length + 2 + 2 + hlen) % ALIGN);
    h.append(" ".repeat(padlen)).append('\n');
    byte[] header = h.toString().getBytes(StandardCharsets.US_ASCII);
    int itemSize = a.isFloat() ? 4 : 8;
    long n = size(a.shape());
    ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(MAGIC.length + 4 + header.length + n * itemSize))
        .order(ByteOrder.LITTLE_ENDIAN);
    buf.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length).put(header);
    if (a.isFloat()) {
      buf.asFloatBuffer().put(a.floats());
    } else {
      buf.asLongBuffer().put(a.longs());
    }
    return buf.array();
  }

  // ---------------------------------------------------------------- reading

  /**
   * Reads a {@code .npz} file.
   *
   * @throws SavingException naming the path if the file is missing, empty, not a zip, corrupt, or holds
   *     something other than {@code .npy} arrays of the supported types
   */
  public static Map<String, Array> read(Path path) throws SavingException {
    String what = "Cannot load weights from " + path;
    checkReadable(path, what);
    Map<String, Array> out = new LinkedHashMap<>();
    try (ZipFile zip = new ZipFile(path.toFile())) {
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry e = entries.nextElement();
        byte[] bytes = entryBytes(zip, e, path, what);
        addArray(out, e.getName(), bytes, path, what);
      }
    } catch (ZipException e) {
      throw new SavingException(path, what + ": not a .npz (zip) file or corrupt (" + e.getMessage() + ")", e);
    } catch (SavingException e) {
      throw e;
    } catch (IOException e) {
      throw new SavingException(path, what + ": " + e, e);
    }
    if (out.isEmpty()) {
      throw new SavingException(path, what + ": the archive holds no .npy arrays");
    }
    return out;
  }

  /** Reads {@code .npz} bytes (an entry of a model file); {@code what} starts the error messages. */
  static Map<String, Array> read(byte[] npz, Path path, String what) throws SavingException {
    Map<String, Array> out = new LinkedHashMap<>();
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(npz))) {
      ZipEntry e;
      while ((e = zip.getNextEntry()) != null) {
        addArray(out, e.getName(), zip.readAllBytes(), path, what);
      }
    } catch (SavingException e) {
      throw e;
    } catch (IOException e) {
      throw new SavingException(path, what + ": the weights archive is corrupt (" + e.getMessage() + ")", e);
    }
    if (out.isEmpty()) {
      throw new SavingException(path, what + ": the weights archive holds no .npy arrays");
    }
    return out;
  }

  static void checkReadable(Path path, String what) throws SavingException {
    if (!Files.exists(path)) {
      throw new SavingException(path, what + ": no such file");
    }
    if (Files.isDirectory(path)) {
      throw new SavingException(path, what + ": it is a directory");
    }
    try {
      if (Files.size(path) == 0) {
        throw new SavingException(path, what + ": the file is empty");
      }
    } catch (SavingException e) {
      throw e;
    } catch (IOException e) {
      throw new SavingException(path, what + ": " + e, e);
    }
  }

  /** An entry's bytes, checked against its CRC (ZipFile does not check stored entries). */
  static byte[] entryBytes(ZipFile zip, ZipEntry e, Path path, String what) throws IOException {
    byte[] bytes;
    try (InputStream in = zip.getInputStream(e)) {
      bytes = in.readAllBytes();
    }
    CRC32 crc = new CRC32();
    crc.update(bytes);
    if (e.getCrc() != -1 && crc.getValue() != e.getCrc()) {
      throw new SavingException(path, what + ": entry '" + e.getName() + "' is corrupt (CRC mismatch)");
    }
    return bytes;
  }

  private static void addArray(Map<String, Array> out, String entry, byte[] bytes, Path path, String what)
      throws SavingException {
    if (!entry.endsWith(".npy")) {
      throw new SavingException(path, what + ": entry '" + entry + "' is not a .npy array; not a .npz file?");
    }
    String name = entry.substring(0, entry.length() - 4);
    out.put(name, parseNpy(bytes, path, what + ": array '" + name + "'"));
  }

  /** Parses one {@code .npy} array (versions 1.0 to 3.0). */
  static Array parseNpy(byte[] bytes, Path path, String what) throws SavingException {
    ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, 6), MAGIC)) {
      throw new SavingException(path, what + " is not in .npy format (no \\x93NUMPY magic)");
    }
    int major = bytes[6];
    int headerLen;
    int offset;
    if (major == 1) {
      headerLen = Short.toUnsignedInt(buf.getShort(8));
      offset = 10;
    } else if (major == 2 || major == 3) {
      headerLen = buf.getInt(8);
      offset = 12;
    } else {
      throw new SavingException(path, what + ": unsupported .npy version " + major);
    }
    if (headerLen < 0 || offset + (long) headerLen > bytes.length) {
      throw new SavingException(path, what + " is truncated (header)");
    }
    String header = new String(bytes, offset, headerLen, StandardCharsets.ISO_8859_1);
    Matcher d = DESCR.matcher(header);
    Matcher f = FORTRAN.matcher(header);
    Matcher s = SHAPE.matcher(header);
    if (!d.find() || !f.find() || !s.find()) {
      throw new SavingException(path, what + " has an unreadable .npy header: " + header.trim());
    }
    if (f.group(1).equals("True")) {
      throw new SavingException(path, what + " is in Fortran order; save it in C order (np.ascontiguousarray)");
    }
    long[] shape;
    try {
      shape = Arrays.stream(s.group(1).split(",")).map(String::trim).filter(x -> !x.isEmpty())
          .mapToLong(Long::parseLong).toArray();
    } catch (NumberFormatException e) {
      throw new SavingException(path, what + " has an unreadable shape (" + s.group(1) + ")", e);
    }
    String descr = d.group(1);
    int itemSize = switch (descr) {
      case "<f4", "<i4" -> 4;
      case "<f8", "<i8" -> 8;
      default -> throw new SavingException(path, what + " has dtype '" + descr
          + "'; jkeras reads little-endian float32, float64, int32 and int64 arrays");
    };
    long n = size(shape);
    int start = offset + headerLen;
    if (n < 0 || (long) bytes.length - start != n * itemSize) {
      throw new SavingException(path, what + " of shape " + pythonTuple(shape) + " needs " + n * itemSize
          + " bytes of data, found " + (bytes.length - start) + " (truncated or corrupt)");
    }
    ByteBuffer data = ByteBuffer.wrap(bytes, start, bytes.length - start).slice().order(ByteOrder.LITTLE_ENDIAN);
    int count = (int) n;
    switch (descr) {
      case "<f4": {
        float[] v = new float[count];
        data.asFloatBuffer().get(v);
        return new Array(shape, v, null);
      }
      case "<f8": {
        float[] v = new float[count];
        for (int i = 0; i < count; i++) {
          v[i] = (float) data.getDouble(i * 8);
        }
        return new Array(shape, v, null);
      }
      case "<i4": {
        long[] v = new long[count];
        for (int i = 0; i < count; i++) {
          v[i] = data.getInt(i * 4);
        }
        return new Array(shape, null, v);
      }
      default: {
        long[] v = new long[count];
        data.asLongBuffer().get(v);
        return new Array(shape, null, v);
      }
    }
  }

  private static OutputStream nonClosing(OutputStream out) {
    return new java.io.FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        flush();
      }
    };
  }
}
