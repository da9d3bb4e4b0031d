package dev.undercurrent.core.evaluation;

import dev.undercurrent.core.model.CustomerScores;
import dev.undercurrent.core.model.CustomerSignals;
import dev.undercurrent.core.opportunities.EarlierSnapshot;
import dev.undercurrent.core.signals.SignalCatalog;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Everything the discovery stages read, saved after learning so that segmentation and the
 * detectors can be studied and benchmarked in plain Java in seconds, without Spark or the network
 * (the pipeline writes it when {@code -Dundercurrent.dump=FILE} is set). Java serialization: a
 * developer's tool, not an interchange format.
 */
public record DiscoveryDump(
    String[] customerIds,
    SignalCatalog catalog,
    double[][] signals,
    double[] predictedValue,
    double[] churnProbability,
    double[] responseProbability,
    float[][] embedding,
    float[][] earlierEmbedding,
    boolean[] earlierPresent,
    int horizonDays,
    String currency,
    long seed,
    double[] valueIfActive)
    implements Serializable {
  private static final long serialVersionUID = 2L;

  public static DiscoveryDump of(CustomerSignals s, CustomerScores c, EarlierSnapshot earlier, int horizonDays,
      String currency, long seed) {
    return new DiscoveryDump(s.customerIds(), s.catalog(), s.values(), c.predictedValue(), c.churnProbability(),
        c.responseProbability(), c.embedding(), earlier == null ? null : earlier.embedding(),
        earlier == null ? null : earlier.present(), horizonDays, currency, seed, c.valueIfActive());
  }

  public CustomerSignals customerSignals() {
    return new CustomerSignals(customerIds, catalog, signals);
  }

  public CustomerScores scores() {
    return new CustomerScores(predictedValue, churnProbability, responseProbability, embedding, valueIfActive);
  }

  public EarlierSnapshot earlier() {
    // the pipeline's earlier cut-off is two horizons back (one where only one earlier cut exists;
    // a dump does not say which, and the runs measured with dumps all had more)
    return earlierEmbedding == null ? null : new EarlierSnapshot(earlierEmbedding, earlierPresent, 2 * horizonDays);
  }

  public void write(Path file) throws IOException {
    try (ObjectOutputStream o = new ObjectOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
      o.writeObject(this);
    }
  }

  public static DiscoveryDump read(Path file) throws IOException {
    try (ObjectInputStream i = new ObjectInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      return (DiscoveryDump) i.readObject();
    } catch (ClassNotFoundException e) {
      throw new IOException(file + ": not a discovery dump", e);
    }
  }
}
