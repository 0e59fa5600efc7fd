package infra.monitoring.exporter.web;

import java.nio.file.Path;
import java.util.List;

/**
 * The {@code tls_server_config} block, paths already resolved against the config file's directory
 * (as the toolkit does). {@code protocols} are the JSSE names from {@code min_version} to {@code
 * max_version}; {@code clientCaFile} may be null.
 */
public record TlsSettings(
    Path configFile,
    Path certFile,
    Path keyFile,
    ClientAuthType clientAuth,
    Path clientCaFile,
    List<String> protocols) {}
