package pma.spark;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import java.util.regex.Pattern;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Spark stays inside pma.spark, checked on the compiled classes of every module (all on this
 * module's test class path); pma-app's ArchitectureTest has the rules of the other modules.
 */
@AnalyzeClasses(packages = "pma", importOptions = {ImportOption.DoNotIncludeTests.class, SparkArchitectureTest.NoTestJars.class})
class SparkArchitectureTest {
    /** Leaves out the modules' test jars (pma-core's tests are on this class path as a jar). */
    static final class NoTestJars implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.matches(Pattern.compile(".*-tests\\.jar.*"));
        }
    }

    @ArchTest
    static final ArchRule onlyPmaSparkKnowsSpark = noClasses().that().resideOutsideOfPackage("pma.spark..").should()
            .dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "scala..");

    /** Training finds the executor through TaskExecutor.Provider, so no other package names it. */
    @ArchTest
    static final ArchRule nothingDependsOnPmaSpark = noClasses().that().resideOutsideOfPackage("pma.spark..").should()
            .dependOnClassesThat().resideInAPackage("pma.spark..");

    /**
     * The driver records results through the sink (pma.experiment); executors never touch the ledger.
     * pma.spark ships the ledger's row types (Task, TaskResult) but never opens a Ledger.
     */
    @ArchTest
    static final ArchRule pmaSparkRunsNoSql = noClasses().that().resideInAPackage("pma.spark..").should()
            .dependOnClassesThat(JavaClass.Predicates.resideInAnyPackage("java.sql..", "org.duckdb..")
                    .or(JavaClass.Predicates.belongToAnyOf(pma.ledger.Ledger.class, pma.ledger.LedgerLock.class)));
}
