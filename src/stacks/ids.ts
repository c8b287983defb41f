// Terraform addresses come from topology names (never array positions): renaming an entry is the only way to replace it.
import type { TerraformElement } from 'cdktf';

export function named<T extends TerraformElement>(element: T, logicalId: string): T {
  element.overrideLogicalId(logicalId);
  return element;
}
