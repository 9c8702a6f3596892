package pma.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceRule;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The layering of pma's modules and packages, checked on the compiled classes of pma-core, pma-dl
 * and pma-app (all on this module's test class path; pma-spark has its own rules in its
 * ArchitectureTest). What each package is for is in its package-info.
 *
 * <p>Known exceptions are listed by name below, with why they exist. A list may only shrink:
 * {@link #allowListsNameOnlyWhatStillHappens} fails once an entry is no longer needed, so that it is
 * removed and the rule guards that place again.
 */
@AnalyzeClasses(packages = "pma", importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTest.NoTestJars.class})
class ArchitectureTest {
    /** Leaves out the modules' test jars (pma-core's tests are on this class path as a jar in a full build). */
    static final class NoTestJars implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.matches(Pattern.compile(".*-tests\\.jar.*"));
        }
    }

    /** Engine, web server, cluster and command-line libraries: none of them belongs in pma-core. */
    static final String[] NOT_IN_CORE = {"ai.djl..", "io.javalin..", "org.eclipse.jetty..", "org.apache.spark..", "picocli.."};

    /** pma-dl trains; the web server, the cluster and the command line are not its business. */
    static final String[] NOT_IN_DL = {"io.javalin..", "org.eclipse.jetty..", "org.apache.spark..", "picocli.."};

    /** JDBC and the database driver: the ledger's business alone. */
    static final String[] JDBC = {"java.sql..", "org.duckdb.."};

    /**
     * Classes outside pma.ledger that still run SQL of their own, to move into pma.ledger (behind
     * methods of Ledger) and then to remove from this list.
     */
    static final List<String> SQL_OUTSIDE_LEDGER = List.of();

    /**
     * Package dependencies that close a cycle today, as origin package to target package; each is
     * left out of the cycle check, every other dependency between packages must be acyclic.
     */
    static final Map<String, String> CYCLE_EDGES = Map.of();

    static final DescribedPredicate<JavaClass> IN_CORE = inModule("pma-core");
    static final DescribedPredicate<JavaClass> IN_DL = inModule("pma-dl");

    @ArchTest
    static final ArchRule coreKnowsNothingOfEngineWebClusterOrCommandLine = noClasses().that(IN_CORE).should()
            .dependOnClassesThat().resideInAnyPackage(NOT_IN_CORE);

    @ArchTest
    static final ArchRule dlKnowsNothingOfWebClusterOrCommandLine = noClasses().that(IN_DL).should()
            .dependOnClassesThat().resideInAnyPackage(NOT_IN_DL);

    @ArchTest
    static final ArchRule onlyTheLedgerUsesJdbc = noClasses().that().resideOutsideOfPackage("pma.ledger..")
            .and(not(named(SQL_OUTSIDE_LEDGER))).should().dependOnClassesThat().resideInAnyPackage(JDBC);

    @ArchTest
    static final ArchRule onlyTheReviewAppServesHttp = noClasses().that().resideOutsideOfPackage("pma.review..")
            .should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "org.eclipse.jetty..");

    @ArchTest
    static final ArchRule onlyCommandsParseTheCommandLine = noClasses().that().resideOutsideOfPackage("pma.cli..")
            .should().dependOnClassesThat().resideInAnyPackage("picocli..");

    @ArchTest
    static final ArchRule packagesHaveNoCycles = acyclic();

    /** The engine is pma-dl's bottom layer: networks, maps, training and execution build on it, not it on them. */
    @ArchTest
    static final ArchRule theEngineIsTheBottomOfDl = noClasses().that().resideInAPackage("pma.engine..").should()
            .dependOnClassesThat().resideInAnyPackage("pma.models..", "pma.explain..", "pma.train..", "pma.execution..");

    /** Training one task needs no analysis of finished ones; the runners that do live in pma.execution. */
    @ArchTest
    static final ArchRule trainingKnowsNothingOfAnalysis = noClasses().that().resideInAPackage("pma.train..").should()
            .dependOnClassesThat().resideInAnyPackage("pma.analysis..", "pma.execution..");

    static SliceRule acyclic() {
        SliceRule rule = slices().matching("pma.(**)").should().beFreeOfCycles();
        for (Map.Entry<String, String> e : CYCLE_EDGES.entrySet()) {
            rule = rule.ignoreDependency(resideInAnyPackage(e.getKey()), resideInAnyPackage(e.getValue()));
        }
        return rule;
    }

    /** The module predicates select what they say, so the module rules above do not pass on nothing. */
    @ArchTest
    static void modulesAreTellable(JavaClasses classes) {
        assertThat(IN_CORE.test(classes.get(pma.ledger.Ledger.class))).isTrue();
        assertThat(IN_CORE.test(classes.get(pma.train.ModelTrainer.class))).isFalse();
        assertThat(IN_DL.test(classes.get(pma.train.ModelTrainer.class))).isTrue();
        assertThat(IN_DL.test(classes.get(pma.cli.Main.class))).isFalse();
    }

    /** Every allow-list entry is still needed: drop an entry once its reason is gone. */
    @ArchTest
    static void allowListsNameOnlyWhatStillHappens(JavaClasses classes) {
        for (String name : SQL_OUTSIDE_LEDGER) {
            assertThat(classes.contain(name) && dependsOn(classes, named(List.of(name)), JDBC))
                    .as("%s no longer uses JDBC: remove it from SQL_OUTSIDE_LEDGER", name).isTrue();
        }
        for (Map.Entry<String, String> e : CYCLE_EDGES.entrySet()) {
            assertThat(dependsOn(classes, resideInAnyPackage(e.getKey()), e.getValue()))
                    .as("%s no longer depends on %s: remove the pair from CYCLE_EDGES", e.getKey(), e.getValue()).isTrue();
            assertThat(dependsOn(classes, resideInAnyPackage(e.getValue()), e.getKey()))
                    .as("%s no longer depends on %s, so %s -> %s closes no cycle: remove it from CYCLE_EDGES",
                            e.getValue(), e.getKey(), e.getKey(), e.getValue()).isTrue();
        }
    }

    private static boolean dependsOn(JavaClasses classes, DescribedPredicate<JavaClass> origin, String... targets) {
        for (JavaClass c : classes) {
            if (!origin.test(c)) continue;
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                if (resideInAnyPackage(targets).test(d.getTargetClass())) return true;
            }
        }
        return false;
    }

    /** The named top-level classes with their nested, inner and anonymous classes. */
    static DescribedPredicate<JavaClass> named(List<String> names) {
        return DescribedPredicate.describe("named " + names, c -> names.contains(c.getName().replaceFirst("\\$.*", "")));
    }

    /** Classes compiled in a module, told by where they were loaded from (its target/classes or its jar). */
    static DescribedPredicate<JavaClass> inModule(String module) {
        return DescribedPredicate.describe("are in " + module,
                c -> c.getSource().map(s -> s.getUri().toString().contains("/" + module + "/")).orElse(false));
    }
}
