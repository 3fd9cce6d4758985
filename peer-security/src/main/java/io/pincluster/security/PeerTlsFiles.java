package io.pincluster.security;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/**
 * A peer's TLS files in its folder: {@code peer.key} (the key pair, made once, owner-only) and {@code peer.crt}
 * (the current certificate, replaced on every re-issue). Both are PEM and written atomically, so a crash
 * mid-write leaves the previous file.
 */
final class PeerTlsFiles {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private final Path key;
    private final Path certificate;

    PeerTlsFiles(Path folder) {
        this.key = folder.resolve("peer.key");
        this.certificate = folder.resolve("peer.crt");
    }

    /** The key pair in {@code peer.key}, made (and written owner-only) on first use. */
    KeyPair loadOrCreateKey() {
        try {
            if (Files.exists(key)) {
                Object parsed = parse(Files.readString(key, StandardCharsets.US_ASCII));
                if (!(parsed instanceof PrivateKeyInfo info)
                        || !(new JcaPEMKeyConverter().getPrivateKey(info) instanceof ECPrivateKey ec)) {
                    throw new IOException("not a PEM (PKCS#8) EC private key");
                }
                return PeerKeys.ofScalar(ec.getS());
            }
            KeyPair pair = PeerKeys.generate();
            write(key, pem(new JcaPKCS8Generator(pair.getPrivate(), null)));
            return pair;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the peer's TLS key " + key + ": "
                    + e.getMessage(), e);
        }
    }

    /** The certificate in {@code peer.crt}; empty when there is none or it is unreadable (it is re-issued then). */
    Optional<X509Certificate> loadCertificate() {
        try {
            if (!Files.exists(certificate)) {
                return Optional.empty();
            }
            Object parsed = parse(Files.readString(certificate, StandardCharsets.US_ASCII));
            return parsed instanceof X509CertificateHolder holder
                    ? Optional.of(new JcaX509CertificateConverter().getCertificate(holder)) : Optional.empty();
        } catch (IOException | CertificateException | RuntimeException e) {
            return Optional.empty();
        }
    }

    void saveCertificate(X509Certificate cert) {
        try {
            write(certificate, pem(cert));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the peer's certificate " + certificate + ": "
                    + e.getMessage(), e);
        }
    }

    private static Object parse(String text) throws IOException {
        try (Reader r = new StringReader(text); PEMParser parser = new PEMParser(r)) {
            return parser.readObject();
        }
    }

    private static String pem(Object value) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(value);
        }
        return out.toString();
    }

    private static void write(Path target, String content) throws IOException {
        Files.createDirectories(target.getParent());
        Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            FileAttribute<Set<PosixFilePermission>> ownerOnly = PosixFilePermissions.asFileAttribute(OWNER_ONLY);
            Files.createFile(temp, ownerOnly);
        }
        Files.writeString(temp, content, StandardCharsets.US_ASCII);
        try {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
