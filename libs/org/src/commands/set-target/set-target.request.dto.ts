import { TargetValueRequest } from '../shared/target-cell.dto';

/** The first version of a target cell. */
export class SetTargetRequest extends TargetValueRequest {}
