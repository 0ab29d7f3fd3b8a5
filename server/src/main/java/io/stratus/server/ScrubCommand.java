package io.stratus.server;

import io.stratus.storage.LocalStorageEngine;
import io.stratus.storage.StorageOptions;
import io.stratus.storage.StorageScrubber;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code stratus scrub}: verify every object of a (stopped) data directory against its checksums. */
@Command(name = "scrub", mixinStandardHelpOptions = true,
        description = "Verify every stored object against its checksums and report damage (run with the server stopped).")
final class ScrubCommand implements Callable<Integer> {
    @Option(names = "--data-dir", defaultValue = "${env:STRATUS_DATA_DIR:-./stratus-data}",
            description = "Data directory (env STRATUS_DATA_DIR, default ./stratus-data).")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
        try (LocalStorageEngine engine = LocalStorageEngine.open(dataDir, StorageOptions.defaults().withMinFreeBytes(0))) {
            StorageScrubber.Report report = new StorageScrubber(engine).run();
            for (StorageScrubber.Damage d : report.damaged()) {
                System.out.println("DAMAGED s3://" + d.bucket() + "/" + d.key() + ": " + d.reason());
            }
            System.out.println("scrub: " + report.objectsChecked() + " objects, " + report.bytesChecked() + " bytes checked, "
                    + report.damaged().size() + " damaged");
            return report.damaged().isEmpty() ? 0 : 1;
        }
    }
}
