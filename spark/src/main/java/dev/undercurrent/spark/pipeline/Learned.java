package dev.undercurrent.spark.pipeline;

import dev.undercurrent.core.learning.RepresentationModel;
import dev.undercurrent.core.model.CustomerScores;
import dev.undercurrent.core.opportunities.EarlierSnapshot;
import java.util.Map;

/**
 * What the learning stage hands on: the trained model, every current customer's scores and
 * embedding, where the customers stood at an earlier cut-off, and the validation metrics.
 */
record Learned(RepresentationModel model, CustomerScores scores, EarlierSnapshot earlier, Map<String, Object> metrics) {}
