package io.pincluster.boundaries;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the build's modules are made of, read from the working tree: the modules of the root pom, the Java packages
 * each declares, the project modules each pom depends on, and every reference to a project package in each
 * module's sources (imports and fully qualified names alike).
 */
final class ModuleSources {
    private static final Pattern MODULE = Pattern.compile("<module>\\s*([^<\\s]+)\\s*</module>");
    private static final Pattern DEPENDENCY = Pattern.compile("<dependency>(.*?)</dependency>", Pattern.DOTALL);
    private static final Pattern PROJECT_ARTIFACT = Pattern.compile(
            "<groupId>\\s*io\\.pincluster\\s*</groupId>.*?<artifactId>\\s*([^<\\s]+)\\s*</artifactId>", Pattern.DOTALL);
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    /** A project package: lower-case segments after io.pincluster; the first upper-case segment is a class. */
    private static final Pattern PROJECT_PACKAGE = Pattern.compile("\\bio\\.pincluster(?:\\.[a-z_][a-z0-9_]*)+");
    private static final List<String> SOURCE_ROOTS = List.of("src/main/java", "src/test/java");

    /** One use of another package: where it is, and the package it names. */
    record Reference(Path file, int line, String pkg) {
    }

    private final Path root;
    private final List<String> modules;
    private final Map<String, Set<String>> packageOwners = new TreeMap<>();

    private ModuleSources(Path root) throws IOException {
        this.root = root;
        this.modules = MODULE.matcher(Files.readString(root.resolve("pom.xml"))).results()
                .map(m -> m.group(1)).toList();
        for (String module : modules) {
            for (Path file : javaFiles(module)) {
                Matcher m = PACKAGE.matcher(Files.readString(file));
                if (m.find()) {
                    packageOwners.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(module);
                }
            }
        }
    }

    /** The build around the working directory: the nearest folder upwards whose pom lists modules. */
    static ModuleSources ofThisBuild() throws IOException {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path pom = dir.resolve("pom.xml");
            if (Files.isRegularFile(pom) && Files.readString(pom).contains("<modules>")) {
                return new ModuleSources(dir);
            }
        }
        throw new IllegalStateException("no aggregator pom.xml above " + Path.of("").toAbsolutePath());
    }

    Path root() {
        return root;
    }

    List<String> modules() {
        return modules;
    }

    /** Every package declared by more than one module, with those modules. */
    Map<String, Set<String>> splitPackages() {
        Map<String, Set<String>> split = new TreeMap<>();
        packageOwners.forEach((pkg, owners) -> {
            if (owners.size() > 1) {
                split.put(pkg, owners);
            }
        });
        return split;
    }

    /** The project modules {@code module}'s pom depends on, in any scope. */
    Set<String> pomDependencies(String module) throws IOException {
        Set<String> out = new TreeSet<>();
        Matcher deps = DEPENDENCY.matcher(Files.readString(root.resolve(module).resolve("pom.xml")));
        while (deps.find()) {
            Matcher artifact = PROJECT_ARTIFACT.matcher(deps.group(1));
            if (artifact.find()) {
                out.add(artifact.group(1));
            }
        }
        return out;
    }

    /** Every project package the module's main and test sources name, with file and line. */
    List<Reference> references(String module) throws IOException {
        List<Reference> out = new ArrayList<>();
        for (Path file : javaFiles(module)) {
            out.addAll(referencesIn(root.relativize(file), Files.readString(file)));
        }
        return out;
    }

    /** The project packages one source text names, skipping its own package declaration. */
    static List<Reference> referencesIn(Path file, String source) {
        List<Reference> out = new ArrayList<>();
        String[] lines = source.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith("package ")) {
                continue;
            }
            Matcher m = PROJECT_PACKAGE.matcher(lines[i]);
            while (m.find()) {
                out.add(new Reference(file, i + 1, m.group()));
            }
        }
        return out;
    }

    /**
     * The module that declares {@code pkg}; for a package only named as a prefix (in prose, say), the one module
     * declaring packages under it. Empty when no module, or more than one, does.
     */
    Optional<String> ownerOf(String pkg) {
        Set<String> owners = packageOwners.get(pkg);
        if (owners == null) {
            owners = new TreeSet<>();
            for (Map.Entry<String, Set<String>> e : packageOwners.entrySet()) {
                if (e.getKey().startsWith(pkg + ".")) {
                    owners.addAll(e.getValue());
                }
            }
        }
        return owners.size() == 1 ? Optional.of(owners.iterator().next()) : Optional.empty();
    }

    private List<Path> javaFiles(String module) throws IOException {
        List<Path> out = new ArrayList<>();
        for (String sourceRoot : SOURCE_ROOTS) {
            Path dir = root.resolve(module).resolve(sourceRoot);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                files.filter(p -> p.toString().endsWith(".java")).sorted().forEach(out::add);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        return out;
    }
}
