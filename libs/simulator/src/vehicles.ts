import { BranchPlan, WMI } from './catalogue';
import { Random } from './random';

const VIN_CHARS = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';

/** A 17-character VIN (no I, O or Q) with the brand's manufacturer prefix. */
export function vinFor(rng: Random, brand: string): string {
  let vin = WMI[brand] ?? 'LSV';
  while (vin.length < 17) vin += VIN_CHARS[rng.int(0, VIN_CHARS.length - 1)];
  return vin;
}

export interface ServicedVehicle {
  readonly vin: string;
  readonly customerId: string;
  readonly model: string;
  /** Instant from which the vehicle can come to the workshop. */
  readonly from: number;
}

/**
 * The cars a branch's workshop sees: its customer base from before the simulated history, plus
 * the cars the branch sold during it (from their delivery on).
 */
export class VehiclePool {
  private readonly base: ServicedVehicle[] = [];
  private readonly sold: ServicedVehicle[] = [];

  constructor(
    private readonly branch: BranchPlan,
    private readonly rng: Random,
    baseSize: number,
    models: readonly string[],
  ) {
    for (let i = 0; i < baseSize; i++) {
      const brand = rng.pick(branch.brands);
      this.base.push({ vin: vinFor(rng, brand), customerId: `${branch.branchId}-C${String(i + 1).padStart(5, '0')}`, model: rng.pick(models), from: 0 });
    }
  }

  addSold(vehicle: ServicedVehicle): void {
    this.sold.push(vehicle);
  }

  /** A car for a workshop visit at `instant`: one in seven is a car the branch sold. */
  pick(instant: number): ServicedVehicle {
    if (this.rng.chance(1 / 7)) {
      const available = this.sold.filter((v) => v.from < instant);
      if (available.length > 0) return this.rng.pick(available.slice(-200));
    }
    return this.rng.pick(this.base);
  }
}
