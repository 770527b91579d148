import type { YamlValue } from "../values.js";
import { ManifestError } from "../errors.js";

export type CertLoader = (name: string) => { certificate: string; privateKey: string };

/** config-server's value generators: password, certificate, rsa, ssh. */
export function generateValue(type: string, options: YamlValue, loadCert: CertLoader): YamlValue {
  void options;
  void loadCert;
  throw new ManifestError(`Unsupported value type: ${type}`);
}
