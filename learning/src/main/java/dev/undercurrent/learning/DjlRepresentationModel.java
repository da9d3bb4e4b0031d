package dev.undercurrent.learning;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.undercurrent.core.learning.ModelProvenance;
import dev.undercurrent.core.learning.RepresentationModel;
import dev.undercurrent.core.learning.Standardizer;
import dev.undercurrent.core.learning.ProbabilityCalibration;
import dev.undercurrent.core.learning.ValueBlend;
import dev.undercurrent.core.learning.ValueRanking;
import dev.undercurrent.core.model.CustomerScores;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A trained representation network (see {@link DjlRepresentationLearner}) ready to score.
 *
 * <p>Saved format ({@link #toBytes()}): the magic {@code "UCRM"}, the format version ({@value
 * #FORMAT_VERSION}), a UTF-8 JSON header with the {@link ModelProvenance} and the {@link
 * Architecture}, then every parameter as name, shape and {@code float}s (big-endian, as
 * {@link DataOutputStream} writes them). The parameters are written by hand, not with DJL's own
 * {@code saveParameters}, so that the format is ours to version and does not change with DJL's.
 * The file ends with the SHA-256 of all the bytes before it (from version 6). {@link
 * #fromBytes(byte[])} refuses a newer version with "supports at most version N".
 *
 * <p>Thread safety: {@link #score} may be called from several threads at once (each call works in
 * its own native memory scope and only reads the parameters); {@link #close()} must not race with
 * it. The Spark side holds one instance per JVM and scores batches of about 10k rows; a call with
 * more rows is split into chunks of {@value #CHUNK_ROWS} to bound native memory.
 */
public final class DjlRepresentationModel implements RepresentationModel {
  /**
   * The saved format this build writes and the newest it reads. Version 2 added the value blend to
   * the header (a version-1 model scores with the network alone); version 3 the value ranking (an
   * earlier model scores the network's expected value); version 4 the blend's calibration to
   * currency (an earlier blend keeps its scale), so that a build before it refuses a model whose
   * blend it would level wrongly; version 5 the calibration of the buy head's probability (an
   * earlier model's churn is the head's own sigmoid); version 6 a SHA-256 of everything before it
   * at the end of the file, so that a changed byte anywhere is refused rather than scored (an
   * earlier model is read without one).
   */
  public static final int FORMAT_VERSION = 6;

  /** The first version that ends with a checksum. */
  private static final int CHECKSUM_VERSION = 6;

  private static final int CHECKSUM_BYTES = 32;

  private static final int MAGIC = 0x5543524D; // "UCRM"
  private static final int CHUNK_ROWS = 16_384;
  /** The widest layer a saved header may ask for (the trained ones are 16 to 256). */
  private static final int MAX_WIDTH = 65_536;
  private static final double MAX_LOG_VALUE = 30;
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The network's shape and the scale of its value output, what loading needs besides the
   * parameters.
   *
   * @param inputDim number of signals
   * @param hiddenSizes encoder hidden widths, outermost first
   * @param embeddingDim embedding size
   * @param headHidden width of the prediction heads' hidden layer
   * @param valueLogCenter the training spenders' mean log horizon value; the amount head predicts
   *     the log value less this
   * @param smearing Duan's smearing factor that turns {@code exp} of a predicted mean log into a
   *     mean
   * @param hasResponse whether a response head was trained (marketing data was present)
   */
  public record Architecture(
      int inputDim,
      List<Integer> hiddenSizes,
      int embeddingDim,
      int headHidden,
      double valueLogCenter,
      double smearing,
      boolean hasResponse) {
    public Architecture {
      hiddenSizes = List.copyOf(hiddenSizes);
    }
  }

  /**
   * The JSON header of the saved format; {@code blend} is absent (null) in version 1, {@code
   * ranking} before version 3 (such a model scores the expected value), {@code buyCalibration}
   * before version 5 (the head's sigmoid is taken as it is).
   */
  record Header(
      ModelProvenance provenance,
      Architecture architecture,
      ValueBlend blend,
      ValueRanking ranking,
      ProbabilityCalibration buyCalibration) {}

  private static final Map<String, DjlRepresentationModel> SHARED = new ConcurrentHashMap<>();

  private final ModelProvenance provenance;
  private final Architecture architecture;
  private final Standardizer standardizer;
  private final Model model;
  private final RepresentationNetwork network;
  private final ValueBlend blend;
  private final ValueRanking ranking;
  private final ProbabilityCalibration buyCalibration;

  DjlRepresentationModel(
      ModelProvenance provenance,
      Architecture architecture,
      Model model,
      RepresentationNetwork network,
      ValueBlend blend,
      ValueRanking ranking,
      ProbabilityCalibration buyCalibration) {
    this.provenance = provenance;
    this.architecture = architecture;
    this.standardizer = provenance.standardizer();
    this.model = model;
    this.network = network;
    this.blend = blend == null ? ValueBlend.NETWORK_ONLY : blend;
    this.ranking = ranking;
    this.buyCalibration = buyCalibration == null ? ProbabilityCalibration.IDENTITY : buyCalibration;
    if (this.blend.linearWeight() > 0 && this.blend.weights().length != architecture.inputDim()) {
      throw new IllegalArgumentException("value blend has " + this.blend.weights().length
          + " ridge weights; expected " + architecture.inputDim() + " (one per signal)");
    }
  }

  /** How the predicted value combines the network with the ridge baseline. */
  public ValueBlend blend() {
    return blend;
  }

  /**
   * The same network with another value blend, for tests: it shares this model's native memory, so
   * close only one of the two.
   */
  DjlRepresentationModel withBlend(ValueBlend other) {
    return new DjlRepresentationModel(provenance, architecture, model, network, other, ranking, buyCalibration);
  }

  /**
   * The same network whose value before the blend is {@code other}'s expected-rank value, or the
   * expected value where {@code other} is null; shares native memory like {@link #withBlend}.
   */
  DjlRepresentationModel withRanking(ValueRanking other) {
    return new DjlRepresentationModel(provenance, architecture, model, network, blend, other, buyCalibration);
  }

  /**
   * The same network whose churn probability is {@code 1 − other(buy logit)}; shares native memory
   * like {@link #withBlend}.
   */
  DjlRepresentationModel withBuyCalibration(ProbabilityCalibration other) {
    return new DjlRepresentationModel(provenance, architecture, model, network, blend, ranking, other);
  }

  /** The map from the buy head's logit to the probability of buying in the horizon. */
  public ProbabilityCalibration buyCalibration() {
    return buyCalibration;
  }

  /** How the network's two value heads become one value: null for the expected value. */
  public ValueRanking ranking() {
    return ranking;
  }

  @Override
  public int embeddingDim() {
    return architecture.embeddingDim();
  }

  @Override
  public ModelProvenance provenance() {
    return provenance;
  }

  /** The network's shape and value scale. */
  public Architecture architecture() {
    return architecture;
  }

  @Override
  public CustomerScores score(double[][] rawSignals) {
    int n = rawSignals.length;
    int d = architecture.inputDim();
    int e = architecture.embeddingDim();
    double[] value = new double[n];
    double[] churn = new double[n];
    double[] response = new double[n];
    double[] ifActive = new double[n];
    float[][] embedding = new float[n][];
    for (int start = 0; start < n; start += CHUNK_ROWS) {
      int rows = Math.min(CHUNK_ROWS, n - start);
      double[][] chunk = new double[rows][];
      System.arraycopy(rawSignals, start, chunk, 0, rows);
      float[] x = standardizer.applyFlat(chunk);
      float[] emb;
      float[] heads;
      try (NDManager scope = model.getNDManager().newSubManager()) {
        NDArray input = scope.create(x, new Shape(rows, d));
        NDList out =
            network.block().forward(new ParameterStore(scope, false), new NDList(input), false);
        emb = out.get(0).toFloatArray();
        heads = out.get(2).toFloatArray();
      }
      for (int i = 0; i < rows; i++) {
        int r = start + i;
        embedding[r] = new float[e];
        System.arraycopy(emb, i * e, embedding[r], 0, e);
        int h = i * RepresentationNetwork.HEADS;
        double buy = sigmoid(heads[h + RepresentationNetwork.HEAD_BUY]);
        ifActive[r] = amountOf(heads[h + RepresentationNetwork.HEAD_VALUE]);
        double networkValue = ranking == null
            ? buy * amountOf(heads[h + RepresentationNetwork.HEAD_VALUE])
            : ranking.value(ranking.score(buy, heads[h + RepresentationNetwork.HEAD_VALUE]));
        value[r] = blend.linearWeight() == 0
            ? networkValue
            : blend.apply(networkValue, blend.linearLog(x, i * d));
        churn[r] = 1 - buyCalibration.probability(heads[h + RepresentationNetwork.HEAD_BUY]);
        response[r] =
            architecture.hasResponse()
                ? sigmoid(heads[h + RepresentationNetwork.HEAD_RESPONSE])
                : Double.NaN;
      }
    }
    return new CustomerScores(value, churn, response, embedding, ifActive);
  }

  /** A spender's expected horizon value from the amount head's output. */
  double amountOf(float logAmount) {
    return architecture.smearing()
        * Math.exp(Math.min(MAX_LOG_VALUE, architecture.valueLogCenter() + logAmount));
  }

  static double sigmoid(double z) {
    return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
  }

  @Override
  public byte[] toBytes() {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeInt(MAGIC);
      out.writeInt(FORMAT_VERSION);
      byte[] header =
          JSON.writeValueAsString(new Header(provenance, architecture, blend, ranking, buyCalibration))
              .getBytes(StandardCharsets.UTF_8);
      out.writeInt(header.length);
      out.write(header);
      List<Pair<String, Shape>> layout = network.layout();
      List<float[]> values = network.snapshot();
      out.writeInt(layout.size());
      for (int p = 0; p < layout.size(); p++) {
        out.writeUTF(layout.get(p).getKey());
        long[] shape = layout.get(p).getValue().getShape();
        out.writeInt(shape.length);
        for (long s : shape) {
          out.writeLong(s);
        }
        float[] v = values.get(p);
        out.writeInt(v.length);
        for (float f : v) {
          out.writeFloat(f);
        }
      }
      out.flush();
      out.write(sha256(bytes.toByteArray(), bytes.size()));
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("representation model could not be written", e);
    }
  }

  /**
   * Reads a model that {@link #toBytes()} wrote.
   *
   * @throws IllegalArgumentException where the bytes are not such a model, are cut short, or come
   *     from a newer format version than {@value #FORMAT_VERSION}
   */
  public static DjlRepresentationModel fromBytes(byte[] bytes) {
    int version = bytes.length >= 8 ? java.nio.ByteBuffer.wrap(bytes).getInt(4) : 0;
    // from version 6 the last 32 bytes are the checksum of the rest: checked before anything is
    // read, so a flipped bit in a weight (which no other check sees) is refused too
    int body = bytes.length;
    if (version >= CHECKSUM_VERSION && version <= FORMAT_VERSION) {
      body -= CHECKSUM_BYTES;
      if (body < 12 || !MessageDigest.isEqual(sha256(bytes, body),
          java.util.Arrays.copyOfRange(bytes, body, bytes.length))) {
        throw new IllegalArgumentException("model bytes: the file's checksum does not match its"
            + " contents (" + bytes.length + " bytes): it was changed, cut short or damaged after"
            + " it was written; use the model.bin a run wrote, or retrain");
      }
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 0, body))) {
      int magic = bytes.length >= 4 ? in.readInt() : 0;
      if (magic != MAGIC) {
        throw new IllegalArgumentException(
            "model bytes: found magic 0x" + Integer.toHexString(magic)
                + ", expected 0x" + Integer.toHexString(MAGIC)
                + " (an Undercurrent representation model)");
      }
      in.readInt(); // the version, read above
      if (version > FORMAT_VERSION) {
        throw new IllegalArgumentException(
            "model bytes: format version " + version + " is newer than this build, which supports"
                + " at most version " + FORMAT_VERSION);
      }
      if (version < 1) {
        throw new IllegalArgumentException(
            "model bytes: found format version " + version + ", expected 1.." + FORMAT_VERSION);
      }
      int headerLength = in.readInt();
      if (headerLength < 2 || headerLength > body - 12) {
        throw new IllegalArgumentException("model bytes: found a header of " + headerLength
            + " bytes in a file of " + body + "; expected 2.." + (body - 12));
      }
      byte[] headerBytes = new byte[headerLength];
      in.readFully(headerBytes);
      Header header = readHeader(new String(headerBytes, StandardCharsets.UTF_8));
      checkHeader(header, version, body);
      Architecture a = header.architecture();
      Model model = Model.newInstance("undercurrent-representation");
      try {
        RepresentationNetwork network = RepresentationNetwork.build(a);
        model.setBlock(network.block());
        network.initialize(model.getNDManager(), a.inputDim(), 0, 0, 0);
        List<Pair<String, Shape>> layout = network.layout();
        int count = in.readInt();
        if (count != layout.size()) {
          throw new IllegalArgumentException(
              "model bytes: found " + count + " parameters, expected " + layout.size()
                  + " for the architecture in the header");
        }
        List<float[]> values = new java.util.ArrayList<>();
        for (Pair<String, Shape> expected : layout) {
          String name = in.readUTF();
          int rank = in.readInt();
          if (rank < 0 || rank > 8) {
            throw new IllegalArgumentException(
                "model bytes: parameter " + name + " has " + rank + " dimensions, expected 0..8");
          }
          long[] shape = new long[rank];
          for (int k = 0; k < shape.length; k++) {
            shape[k] = in.readLong();
          }
          if (!name.equals(expected.getKey()) || !new Shape(shape).equals(expected.getValue())) {
            throw new IllegalArgumentException(
                "model bytes: found parameter " + name + " " + new Shape(shape) + ", expected "
                    + expected.getKey() + " " + expected.getValue());
          }
          int length = in.readInt();
          if (length != expected.getValue().size()) {
            throw new IllegalArgumentException(
                "model bytes: parameter " + name + " has " + length + " values, expected "
                    + expected.getValue().size());
          }
          float[] v = new float[length];
          for (int k = 0; k < v.length; k++) {
            v[k] = in.readFloat();
            if (!Float.isFinite(v[k])) {
              throw new IllegalArgumentException("model bytes: parameter " + name + " holds " + v[k]
                  + " at " + k + "; expected finite weights (the file is damaged)");
            }
          }
          values.add(v);
        }
        if (in.available() > 0) {
          throw new IllegalArgumentException("model bytes: " + in.available() + " bytes follow the"
              + " last parameter; expected none (the file is damaged, or another was joined to it)");
        }
        network.restore(values);
        return new DjlRepresentationModel(
            header.provenance(), a, model, network, header.blend(), header.ranking(),
            header.buyCalibration());
      } catch (IllegalArgumentException | IOException e) {
        model.close();
        throw e;
      } catch (RuntimeException e) {
        // the engine's own failure on a header that passed the checks: still a file not to load
        model.close();
        throw new IllegalArgumentException("model bytes: the network could not be built from the"
            + " header (" + e.getMessage() + ")", e);
      }
    } catch (java.io.EOFException e) {
      throw new IllegalArgumentException("model bytes: the file ends before the model does (" + body
          + " bytes): it was cut short; use the whole model.bin a run wrote, or retrain", e);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "model bytes: unreadable (" + e.getMessage() + ")", e);
    }
  }

  private static byte[] sha256(byte[] bytes, int length) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(bytes, 0, length);
      return digest.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /**
   * Refuses a header that the network cannot be built from, before any native memory is taken:
   * a damaged file otherwise fails deep in the engine, or asks it for gigabytes.
   */
  private static void checkHeader(Header header, int version, int fileLength) {
    if (header == null || header.provenance() == null || header.architecture() == null
        || header.provenance().options() == null) {
      throw new IllegalArgumentException("model bytes: the header has no "
          + (header == null ? "content" : header.provenance() == null ? "provenance"
              : header.architecture() == null ? "architecture" : "training options"));
    }
    if (version >= 5 && header.buyCalibration() == null) {
      // taking the head's sigmoid instead would score churn on another scale, without a word
      throw new IllegalArgumentException("model bytes: the header has no buyCalibration, which every"
          + " model of format 5 or later carries (this one says format " + version + ")");
    }
    Architecture a = header.architecture();
    int signals = header.provenance().signalNames().size();
    if (a.inputDim() != signals) {
      throw new IllegalArgumentException("model bytes: the architecture takes " + a.inputDim()
          + " inputs, the provenance names " + signals + " signals; expected equal");
    }
    List<Integer> widths = new java.util.ArrayList<>(a.hiddenSizes());
    widths.add(a.embeddingDim());
    widths.add(a.headHidden());
    for (int w : widths) {
      if (w < 1 || w > MAX_WIDTH) {
        throw new IllegalArgumentException("model bytes: the architecture has a layer of " + w
            + " units; expected 1.." + MAX_WIDTH + " (" + a + ")");
      }
    }
    // the encoder's weights alone, four bytes each, must fit in the file: a header that asks for
    // more would have the engine allocate them before the parameter count is read
    long weights = 0;
    long previous = a.inputDim();
    for (int w : widths.subList(0, widths.size() - 1)) {
      weights += previous * w;
      previous = w;
    }
    if (4 * weights > fileLength) {
      throw new IllegalArgumentException("model bytes: the architecture asks for at least " + weights
          + " weights, more than a file of " + fileLength + " bytes holds (" + a + ")");
    }
    if (!Double.isFinite(a.valueLogCenter()) || !(a.smearing() > 0 && Double.isFinite(a.smearing()))) {
      throw new IllegalArgumentException("model bytes: the architecture's value scale is not a number"
          + " (log centre " + a.valueLogCenter() + ", smearing " + a.smearing() + ")");
    }
  }

  private static Header readHeader(String json) {
    try {
      return JSON.readValue(json, Header.class);
    } catch (JsonProcessingException e) {
      // said in the file's terms: the field's path and what is wrong with it, not the parser's classes
      String where = "";
      if (e instanceof com.fasterxml.jackson.databind.JsonMappingException m && !m.getPath().isEmpty()
          && !(e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException)) {
        StringBuilder path = new StringBuilder();
        for (com.fasterxml.jackson.databind.JsonMappingException.Reference r : m.getPath()) {
          path.append(r.getFieldName() != null ? (path.isEmpty() ? "" : ".") + r.getFieldName()
              : "[" + r.getIndex() + "]");
        }
        where = " at " + path;
      }
      Throwable cause = e.getCause();
      String why = cause instanceof NullPointerException ? "a required value is missing"
          : cause instanceof IllegalArgumentException ? cause.getMessage()
          : String.valueOf(e.getOriginalMessage())
              .replaceAll(" \\(class [^)]*\\)", "")
              .replaceAll("\\s*\\(?(start marker )?at \\[Source:.*", "")
              .replaceAll("`[a-z]+(\\.[a-z]+)+\\.([A-Za-z$]+)`", "$2");
      throw new IllegalArgumentException("model bytes: the header could not be read" + where + " (" + why + ")", e);
    }
  }

  /**
   * The process-wide instance for these bytes, loaded on first use: what a Spark task calls so that
   * each executor JVM parses and allocates a model once, however many partitions it scores. Keyed
   * by the SHA-256 of the bytes, so a new model gets a new instance. Do not close what this
   * returns; it lives until the JVM exits (a few hundred kB of native memory per model).
   */
  public static DjlRepresentationModel shared(byte[] bytes) {
    String key = HexFormat.of().formatHex(sha256(bytes, bytes.length));
    return SHARED.computeIfAbsent(key, k -> fromBytes(bytes));
  }

  @Override
  public void close() {
    model.close();
  }
}
