export * from './sales.module';
export * from './domain/vehicle-sale.aggregate';
export * from './commands/deliver-vehicle/deliver-vehicle.command';
export * from './commands/deliver-vehicle/deliver-vehicle.request.dto';
