package pma.analysis;

import java.util.List;
import pma.ledger.Prediction;
import pma.ledger.RunRecord;

/** A finished run with its test predictions, as analysis consumes it. */
public record RunData(RunRecord run, List<Prediction> test) {}
