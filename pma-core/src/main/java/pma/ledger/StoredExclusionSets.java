package pma.ledger;

import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.duckdb.DuckDBAppender;

/** The {@code exclusion_set} table: the images of each named exclusion set that runs were retrained without. */
public final class StoredExclusionSets {
    private StoredExclusionSets() {}

    /** Every stored set, by name (sorted), with ascending image indices. */
    public static Map<String, SortedSet<Integer>> load(Ledger ledger) {
        return ledger.read(c -> {
            Map<String, SortedSet<Integer>> out = new TreeMap<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT name, image FROM exclusion_set")) {
                while (rs.next()) out.computeIfAbsent(rs.getString(1), k -> new TreeSet<>()).add(rs.getInt(2));
            }
            return out;
        });
    }

    /** Adds the sets in one transaction; a name already stored is refused by the table's key. */
    public static void add(Ledger ledger, Map<String, ? extends SortedSet<Integer>> sets) {
        if (sets.isEmpty()) return;
        ledger.write(c -> {
            try (DuckDBAppender a = Ledger.appender(c, "exclusion_set")) {
                for (Map.Entry<String, ? extends SortedSet<Integer>> e : sets.entrySet()) {
                    for (int i : e.getValue()) {
                        a.beginRow();
                        a.append(e.getKey());
                        a.append(i);
                        a.endRow();
                    }
                }
            }
            return null;
        });
    }
}
