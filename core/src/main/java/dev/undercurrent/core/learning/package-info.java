/**
 * The learned customer representation, as the rest of the product sees it: what a learner takes
 * ({@link dev.undercurrent.core.learning.TrainingSet}, {@link
 * dev.undercurrent.core.learning.RepresentationOptions}), what it returns ({@link
 * dev.undercurrent.core.learning.RepresentationModel} with its {@link
 * dev.undercurrent.core.learning.ModelProvenance}), how inputs are scaled ({@link
 * dev.undercurrent.core.learning.Standardizer}) and how a model is judged ({@link
 * dev.undercurrent.core.learning.ModelQuality}, {@link
 * dev.undercurrent.core.learning.LinearBaseline}).
 *
 * <p>Plain Java only: the network itself lives in the {@code learning} module behind these
 * interfaces, so no DJL type (and no Spark type) may appear here.
 */
package dev.undercurrent.core.learning;
