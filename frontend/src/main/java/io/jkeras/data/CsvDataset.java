package io.jkeras.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.LongNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/**
 * A CSV table read into memory, columns by name, types inferred (int64, float32, string) or given: the data of
 * Keras' structured-data examples (pandas there; {@code tf.data.experimental.make_csv_dataset}'s {@code
 * label_name}, {@code na_value} and {@code field_delim} here). {@link #toDataset(String)} gives one element per
 * row, {@code x} a map of feature columns by name (each of shape {@code (1)}, so that a batch feeds an {@code
 * Input} of shape {@code (1)} per feature) and {@code y} the label. Fields follow RFC 4180 (quotes, doubled
 * quotes inside them), parsed here: no CSV library is on jkeras' class path, and the format is small.
 *
 * <pre>{@code
 * CsvDataset table = CsvDataset.read(Path.of("penguins.csv"), CsvDataset.options().dropRowsWithMissing(true));
 * List<String> species = table.indexColumn("species");          // strings -> int64 class ids
 * Dataset train = table.toDataset("species").shuffle(512, 42).batch(32);
 * }</pre>
 *
 * <p>Bad input is an error naming the file, the line and the column: a row with too few or too many fields, a
 * missing value (unless rows with one are dropped), a value that does not parse as the column's given type.
 */
public final class CsvDataset {
  /** Column types: whole numbers (int64), other numbers (float32), anything else (string). */
  public enum ColumnType { INT64, FLOAT32, STRING }

  /** Reading options. */
  public static final class Options {
    private char delimiter = ',';
    private boolean header = true;
    private List<String> columnNames;
    private final Map<String, ColumnType> types = new LinkedHashMap<>();
    private Set<String> naValues = new LinkedHashSet<>(List.of("", "NA", "N/A", "NaN", "nan", "null"));
    private boolean dropMissing;

    private Options() {}

    /** The field separator ({@code ','}). */
    public Options delimiter(char delimiter) {
      this.delimiter = delimiter;
      return this;
    }

    /** Whether the first line names the columns (true). */
    public Options header(boolean header) {
      this.header = header;
      return this;
    }

    /** Column names, for files without a header (or to rename). */
    public Options columnNames(List<String> names) {
      this.columnNames = List.copyOf(names);
      return this;
    }

    /** A column's type instead of the inferred one. */
    public Options columnType(String column, ColumnType type) {
      types.put(column, type);
      return this;
    }

    /** The fields that mean "missing" ({@code "", NA, N/A, NaN, nan, null}). */
    public Options naValues(Set<String> values) {
      this.naValues = new LinkedHashSet<>(values);
      return this;
    }

    /** Drops rows with a missing value instead of failing on them (pandas' {@code dropna()}). */
    public Options dropRowsWithMissing(boolean drop) {
      this.dropMissing = drop;
      return this;
    }
  }

  /** Default options: comma, header, inferred types, missing values are errors. */
  public static Options options() {
    return new Options();
  }

  private final Path file;
  private final List<String> names;
  private final Map<String, ColumnType> types = new LinkedHashMap<>();
  private final Map<String, Object> columns = new LinkedHashMap<>();
  private final int rows;
  private final int dropped;

  private CsvDataset(Path file, List<String> names, int rows, int dropped) {
    this.file = file;
    this.names = names;
    this.rows = rows;
    this.dropped = dropped;
  }

  /** Reads {@code file} with the default options. */
  public static CsvDataset read(Path file) throws IOException {
    return read(file, options());
  }

  /** Reads {@code file}. */
  public static CsvDataset read(Path file, Options o) throws IOException {
    List<String[]> records = new ArrayList<>();
    List<Integer> lines = new ArrayList<>();
    List<String> names;
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      int[] line = {0};
      String[] first = o.header ? parseRecord(in, o.delimiter, line, file) : null;
      if (o.header && first == null) {
        throw new IllegalArgumentException(file + ": the file is empty; expected a header line");
      }
      names = o.columnNames != null ? o.columnNames : o.header ? List.of(first) : null;
      while (true) {
        int start = line[0] + 1;
        String[] r = parseRecord(in, o.delimiter, line, file);
        if (r == null) {
          break;
        }
        if (r.length == 1 && r[0].isEmpty()) {
          continue;   // blank line
        }
        if (names == null) {
          names = new ArrayList<>();
          for (int i = 0; i < r.length; i++) {
            names.add("column_" + i);
          }
        }
        if (r.length != names.size()) {
          throw new IllegalArgumentException(file + ":" + start + ": expected " + names.size() + " fields ("
              + String.join(", ", names) + "), got " + r.length);
        }
        records.add(r);
        lines.add(start);
      }
    }
    if (names == null || records.isEmpty()) {
      throw new IllegalArgumentException(file + ": no data rows");
    }
    Set<String> seen = new LinkedHashSet<>();
    for (String n : names) {
      if (!seen.add(n)) {
        throw new IllegalArgumentException(file + ": column '" + n + "' appears twice in the header");
      }
    }
    for (String n : o.types.keySet()) {
      if (!names.contains(n)) {
        throw new IllegalArgumentException(file + ": columnType for '" + n + "', but the columns are " + names);
      }
    }
    // missing values: drop the row or name it
    List<String[]> kept = new ArrayList<>();
    List<Integer> keptLines = new ArrayList<>();
    for (int r = 0; r < records.size(); r++) {
      String[] rec = records.get(r);
      int missing = -1;
      for (int c = 0; c < rec.length && missing < 0; c++) {
        if (o.naValues.contains(rec[c]) && o.types.get(names.get(c)) != ColumnType.STRING) {
          missing = c;
        }
      }
      if (missing < 0) {
        kept.add(rec);
        keptLines.add(lines.get(r));
      } else if (!o.dropMissing) {
        throw new IllegalArgumentException(file + ":" + lines.get(r) + ": column '" + names.get(missing)
            + "' has a missing value ('" + rec[missing] + "'); drop such rows with dropRowsWithMissing(true) or"
            + " give the column a value");
      }
    }
    if (kept.isEmpty()) {
      throw new IllegalArgumentException(file + ": every row has a missing value");
    }
    CsvDataset t = new CsvDataset(file, List.copyOf(names), kept.size(), records.size() - kept.size());
    for (int c = 0; c < names.size(); c++) {
      String name = names.get(c);
      ColumnType type = o.types.containsKey(name) ? o.types.get(name) : infer(kept, c);
      t.types.put(name, type);
      t.columns.put(name, column(kept, keptLines, c, name, type, file));
    }
    return t;
  }

  private static ColumnType infer(List<String[]> records, int c) {
    boolean allLong = true;
    for (String[] r : records) {
      String v = r[c].trim();
      if (allLong && parseLong(v) == null) {
        allLong = false;
      }
      if (!allLong && parseDouble(v) == null) {
        return ColumnType.STRING;
      }
    }
    return allLong ? ColumnType.INT64 : ColumnType.FLOAT32;
  }

  private static Long parseLong(String v) {
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Double parseDouble(String v) {
    if (v.isEmpty() || !(Character.isDigit(v.charAt(v.length() - 1)) || v.endsWith(".") || v.endsWith("inf")
        || v.equalsIgnoreCase("nan"))) {
      return null;   // Java accepts "1f", "1d": CSV numbers end in a digit
    }
    try {
      return Double.parseDouble(v.replace("inf", "Infinity"));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Object column(List<String[]> records, List<Integer> lines, int c, String name, ColumnType type,
      Path file) {
    int n = records.size();
    switch (type) {
      case INT64 -> {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
          Long x = parseLong(records.get(i)[c].trim());
          if (x == null) {
            throw mistyped(file, lines.get(i), name, records.get(i)[c], type);
          }
          v[i] = x;
        }
        return v;
      }
      case FLOAT32 -> {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
          Double x = parseDouble(records.get(i)[c].trim());
          if (x == null) {
            throw mistyped(file, lines.get(i), name, records.get(i)[c], type);
          }
          v[i] = x.floatValue();
        }
        return v;
      }
      default -> {
        String[] v = new String[n];
        for (int i = 0; i < n; i++) {
          v[i] = records.get(i)[c];
        }
        return v;
      }
    }
  }

  private static IllegalArgumentException mistyped(Path file, int line, String column, String value,
      ColumnType type) {
    return new IllegalArgumentException(file + ":" + line + ": column '" + column + "' is "
        + type.name().toLowerCase(java.util.Locale.ROOT) + " but the field is '" + value + "'");
  }

  /**
   * One record (RFC 4180: quoted fields may hold the delimiter, doubled quotes and line breaks); null at the
   * end of the file. {@code line} counts the lines read.
   */
  private static String[] parseRecord(BufferedReader in, char delimiter, int[] line, Path file) throws IOException {
    String text = in.readLine();
    if (text == null) {
      return null;
    }
    line[0]++;
    int startLine = line[0];
    List<String> fields = new ArrayList<>();
    StringBuilder f = new StringBuilder();
    boolean quoted = false;
    int i = 0;
    while (true) {
      if (i >= text.length()) {
        if (quoted) {
          String next = in.readLine();
          if (next == null) {
            throw new IllegalArgumentException(file + ":" + startLine + ": a quoted field is not closed");
          }
          line[0]++;
          f.append('\n');
          text = next;
          i = 0;
          continue;
        }
        fields.add(f.toString());
        return fields.toArray(new String[0]);
      }
      char ch = text.charAt(i);
      if (quoted) {
        if (ch == '"') {
          if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
            f.append('"');
            i += 2;
            continue;
          }
          quoted = false;
        } else {
          f.append(ch);
        }
      } else if (ch == '"' && f.length() == 0) {
        quoted = true;
      } else if (ch == delimiter) {
        fields.add(f.toString());
        f.setLength(0);
      } else {
        f.append(ch);
      }
      i++;
    }
  }

  // ---------------------------------------------------------------- the table

  /** The file read. */
  public Path file() {
    return file;
  }

  /** The column names, in file order. */
  public List<String> columnNames() {
    return names;
  }

  /** A column's type. */
  public ColumnType columnType(String column) {
    return types.get(require(column));
  }

  /** The number of rows kept. */
  public int numRows() {
    return rows;
  }

  /** Rows dropped for a missing value ({@link Options#dropRowsWithMissing}). */
  public int droppedRows() {
    return dropped;
  }

  private String require(String column) {
    if (!columns.containsKey(column)) {
      throw new IllegalArgumentException(file + ": no column '" + column + "'; columns: " + names);
    }
    return column;
  }

  /** A column as an ndarray of shape {@code (rows)}: {@code LongNdArray}, {@code FloatNdArray} or strings. */
  public NdArray<?> column(String column) {
    Object v = columns.get(require(column));
    if (v instanceof long[] l) {
      return NdArrays.vectorOf(l);
    }
    if (v instanceof float[] f) {
      return NdArrays.vectorOf(f);
    }
    return NdArrays.vectorOfObjects((String[]) v);
  }

  /**
   * Replaces a column by the index of each value among its sorted distinct values (int64), e.g. string labels
   * to class ids; returns those values, the class names.
   */
  public List<String> indexColumn(String column) {
    Object v = columns.get(require(column));
    List<String> values = new ArrayList<>();
    if (v instanceof String[] s) {
      values.addAll(new TreeSet<>(List.of(s)));
    } else if (v instanceof long[] l) {
      new TreeSet<Long>(java.util.Arrays.stream(l).boxed().toList()).forEach(x -> values.add(Long.toString(x)));
    } else {
      throw new IllegalArgumentException(file + ": column '" + column + "' holds float32 numbers; only string and"
          + " integer columns can be indexed");
    }
    Map<String, Long> index = new LinkedHashMap<>();
    for (int i = 0; i < values.size(); i++) {
      index.put(values.get(i), (long) i);
    }
    long[] ids = new long[rows];
    for (int i = 0; i < rows; i++) {
      ids[i] = index.get(v instanceof String[] s ? s[i] : Long.toString(((long[]) v)[i]));
    }
    columns.put(column, ids);
    types.put(column, ColumnType.INT64);
    return values;
  }

  /** A table of the rows {@code rows} (indices into this one, in that order), e.g. a training split. */
  public CsvDataset select(List<Integer> rows) {
    CsvDataset t = new CsvDataset(file, names, rows.size(), 0);
    for (String n : names) {
      Object v = columns.get(n);
      Object out;
      if (v instanceof long[] l) {
        long[] c = new long[rows.size()];
        for (int i = 0; i < c.length; i++) {
          c[i] = l[rows.get(i)];
        }
        out = c;
      } else if (v instanceof float[] f) {
        float[] c = new float[rows.size()];
        for (int i = 0; i < c.length; i++) {
          c[i] = f[rows.get(i)];
        }
        out = c;
      } else {
        String[] s = (String[]) v;
        String[] c = new String[rows.size()];
        for (int i = 0; i < c.length; i++) {
          c[i] = s[rows.get(i)];
        }
        out = c;
      }
      t.columns.put(n, out);
      t.types.put(n, types.get(n));
    }
    return t;
  }

  /**
   * One element per row: {@code x} a map of the other columns by name, each value of shape {@code (1)}; {@code
   * y} the label column's value (shape {@code ()}), or no {@code y} when {@code labelColumn} is null.
   */
  public Dataset toDataset(String labelColumn) {
    if (labelColumn != null) {
      require(labelColumn);
    }
    Map<String, Object> features = new LinkedHashMap<>();
    for (String n : names) {
      if (!n.equals(labelColumn)) {
        features.put(n, featureColumn(n));
      }
    }
    return Dataset.fromTensorSlices(features, labelColumn == null ? null : column(labelColumn));
  }

  /** A column of shape {@code (rows, 1)}. */
  private NdArray<?> featureColumn(String n) {
    Object v = columns.get(n);
    Shape s = Shape.of(rows, 1);
    if (v instanceof long[] l) {
      LongNdArray a = NdArrays.ofLongs(s);
      a.copyFrom(org.tensorflow.ndarray.buffer.DataBuffers.of(l, true, false));
      return a;
    }
    if (v instanceof float[] f) {
      FloatNdArray a = NdArrays.ofFloats(s);
      a.copyFrom(org.tensorflow.ndarray.buffer.DataBuffers.of(f, true, false));
      return a;
    }
    NdArray<String> a = NdArrays.ofObjects(String.class, s);
    String[] strings = (String[]) v;
    for (int i = 0; i < rows; i++) {
      a.setObject(strings[i], i, 0);
    }
    return a;
  }

  @Override
  public String toString() {
    return "CsvDataset(" + file + ", " + rows + " rows, " + types + ")";
  }

  /** An element, for tests: row {@code i} as {@code column -> value}. */
  Map<String, Object> row(int i) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String n : names) {
      Object v = columns.get(n);
      out.put(n, v instanceof long[] l ? (Object) l[i] : v instanceof float[] f ? (Object) f[i] : ((String[]) v)[i]);
    }
    return out;
  }
}
