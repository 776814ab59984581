import { NewEvent } from '@app/contracts';
import { DeciderSpecification, decideInTurn, foldEvents } from '@app/contracts/testing';
import { decideLead, evolveLead, initialLead, LeadState } from './lead.aggregate';
import { OtherBranchError } from './sales.errors';
import {
  CancelOrder,
  decideVehicleSale,
  DeliverVehicle,
  evolveVehicleSale,
  initialVehicleSale,
  InvalidDeliveryError,
  InvalidOrderError,
  InvalidPaymentError,
  InvalidReturnError,
  OrderAlreadyCancelledError,
  OrderAlreadySignedError,
  OrderCancelledError,
  OrderMismatchError,
  OrderNotSignedError,
  ReceivePayment,
  RefundExceedsPaymentsError,
  ReturnExceedsDeliveryError,
  ReturnVehicle,
  SaleCurrencyMismatchError,
  SignOrder,
  UnknownLeadError,
  VehicleAlreadyDeliveredError,
  VehicleAlreadyReturnedError,
  VehicleNotDeliveredError,
  VehicleSaleCommand,
  VehicleSaleNotFoundError,
} from './vehicle-sale.aggregate';

const cny = (net: string, tax: string, gross: string) => ({ currency: 'CNY', net, tax, gross });

const deliver: DeliverVehicle = {
  type: 'DeliverVehicle',
  eventId: '6f1c1f0e-8a4f-4c59-9a39-3d2f3c1f0a01',
  vehicleSaleId: 'VS-1',
  branchId: 'SH-01',
  orderId: 'O-1',
  vin: 'LSVAU2180N2183294',
  model: 'Lavida',
  condition: 'new',
  consultantId: 'E-7',
  customerId: null,
  customerArea: null,
  invoice: { currency: 'CNY', net: '100000.00', tax: '13000.00', gross: '113000.00' },
  cost: { currency: 'CNY', net: '92000.00', tax: '11960.00', gross: '103960.00' },
  occurredAt: '2026-01-05T03:00:00.000Z',
};

const sign: SignOrder = {
  type: 'SignOrder',
  eventId: '0b0f5d3e-7d1e-4a8e-9c4f-000000000001',
  vehicleSaleId: 'VS-1',
  branchId: 'SH-01',
  orderId: 'O-1',
  leadId: null,
  model: 'Lavida',
  condition: 'new',
  listPrice: cny('106194.69', '13805.31', '120000.00'),
  transactionPrice: cny('100000.00', '13000.00', '113000.00'),
  deposit: cny('5000.00', '0.00', '5000.00'),
  finance: 'loan',
  consultantId: 'E-7',
  customerId: 'C-1',
  occurredAt: '2026-01-02T03:00:00.000Z',
};

const cancel: CancelOrder = {
  type: 'CancelOrder',
  eventId: '0b0f5d3e-7d1e-4a8e-9c4f-000000000002',
  vehicleSaleId: 'VS-1',
  branchId: 'SH-01',
  reason: 'bought elsewhere',
  occurredAt: '2026-01-03T03:00:00.000Z',
};

const pay = (kind: ReceivePayment['kind'], gross: string, n = 3): ReceivePayment => ({
  type: 'ReceivePayment',
  eventId: `0b0f5d3e-7d1e-4a8e-9c4f-1000000000${String(n).padStart(2, '0')}`,
  vehicleSaleId: 'VS-1',
  branchId: 'SH-01',
  kind,
  amount: cny(gross, '0.00', gross),
  occurredAt: '2026-01-02T04:00:00.000Z',
});

const returnVehicle: ReturnVehicle = {
  type: 'ReturnVehicle',
  eventId: '0b0f5d3e-7d1e-4a8e-9c4f-000000000004',
  vehicleSaleId: 'VS-1',
  branchId: 'SH-01',
  reason: 'gearbox defect',
  invoiceReversed: deliver.invoice,
  costReversed: deliver.cost,
  occurredAt: '2026-02-02T03:00:00.000Z',
};

const leadOf = (branchId: string): LeadState =>
  foldEvents({ decide: decideLead, evolve: evolveLead, initialState: initialLead, streamId: 'lead-L-1' }, [
    {
      eventId: '0b0f5d3e-7d1e-4a8e-9c4f-000000000009',
      type: 'LeadCreated',
      schemaVersion: 1,
      occurredAt: '2026-01-01T03:00:00.000Z',
      branchId,
      payload: { leadId: 'L-1', source: 'walk_in', segment: 'individual', consultantId: 'E-7', modelOfInterest: null, customerId: null },
    },
  ]);

const vehicleSale = { decide: decideVehicleSale, evolve: evolveVehicleSale, initialState: initialVehicleSale, streamId: 'vehicle-sale-VS-1' };
const given = DeciderSpecification.for(vehicleSale);

/** The events of a history of commands, each decided on the state the previous ones left. */
const history = (...commands: VehicleSaleCommand[]): NewEvent[] => decideInTurn(vehicleSale, commands, { lead: leadOf('SH-01') });

describe('VehicleSale', () => {
  describe('DeliverVehicle', () => {
    it('records a delivery with its invoice and cost', () => {
      given()
        .when(deliver)
        .then([
          {
            type: 'VehicleDelivered',
            schemaVersion: 2,
            branchId: 'SH-01',
            eventId: deliver.eventId,
            payload: { vin: deliver.vin, invoice: deliver.invoice, cost: deliver.cost, condition: 'new' },
          },
        ]);
    });

    it('refuses to deliver the same sale twice', () => {
      const [delivered] = decideVehicleSale(deliver, initialVehicleSale);
      given([delivered!])
        .when({ ...deliver, eventId: 'b5c5f2aa-2c43-4d6c-8f0b-111111111111' })
        .thenThrows(VehicleAlreadyDeliveredError);
    });

    it('refuses an invoice whose net and tax do not add up to gross', () => {
      given()
        .when({ ...deliver, invoice: { currency: 'CNY', net: '100.00', tax: '13.00', gross: '114.00' } })
        .thenThrows(InvalidDeliveryError);
    });

    it('refuses a VIN with the letters I, O or Q', () => {
      given()
        .when({ ...deliver, vin: 'LSVAU2180N218329O' })
        .thenThrows(InvalidDeliveryError);
    });

    it('delivers a signed order and names it when the delivery does not', () => {
      given(history(sign))
        .when({ ...deliver, orderId: null })
        .then([{ type: 'VehicleDelivered', payload: { orderId: 'O-1' } }]);
    });

    it('refuses to deliver a cancelled order', () => {
      given(history(sign, cancel)).when(deliver).thenThrows(OrderCancelledError);
    });

    it('refuses a delivery naming another order than the signed one', () => {
      given(history(sign))
        .when({ ...deliver, orderId: 'O-2' })
        .thenThrows(OrderMismatchError);
    });

    it('refuses a delivery booked at another branch than the order', () => {
      given(history(sign))
        .when({ ...deliver, branchId: 'BJ-01' })
        .thenThrows(OtherBranchError);
    });

    it('refuses to deliver a returned vehicle again', () => {
      given(history(deliver, returnVehicle))
        .when({ ...deliver, eventId: 'b5c5f2aa-2c43-4d6c-8f0b-111111111112' })
        .thenThrows(VehicleAlreadyDeliveredError);
    });
  });

  describe('SignOrder', () => {
    it('records the order with its prices, deposit and finance', () => {
      given()
        .when(sign)
        .then([
          {
            type: 'OrderSigned',
            schemaVersion: 1,
            eventId: sign.eventId,
            branchId: 'SH-01',
            payload: {
              vehicleSaleId: 'VS-1',
              orderId: 'O-1',
              leadId: null,
              listPrice: sign.listPrice,
              transactionPrice: sign.transactionPrice,
              deposit: sign.deposit,
              finance: 'loan',
              consultantId: 'E-7',
              customerId: 'C-1',
            },
          },
        ]);
    });

    it('converts an existing lead of the same branch', () => {
      given()
        .when({ ...sign, leadId: 'L-1' }, { lead: leadOf('SH-01') })
        .then([{ type: 'OrderSigned', payload: { leadId: 'L-1' } }]);
    });

    it('refuses a lead that does not exist', () => {
      given()
        .when({ ...sign, leadId: 'L-404' }, { lead: initialLead })
        .thenThrows(UnknownLeadError);
    });

    it('refuses a lead of another branch', () => {
      given()
        .when({ ...sign, leadId: 'L-1' }, { lead: leadOf('BJ-01') })
        .thenThrows(OtherBranchError);
    });

    it('signs an order once, also after a cancellation', () => {
      given(history(sign))
        .when({ ...sign, eventId: 'b5c5f2aa-2c43-4d6c-8f0b-111111111113' })
        .thenThrows(OrderAlreadySignedError);
      given(history(sign, cancel))
        .when({ ...sign, eventId: 'b5c5f2aa-2c43-4d6c-8f0b-111111111114' })
        .thenThrows(OrderAlreadySignedError);
    });

    it('refuses a deposit above the transaction price', () => {
      given()
        .when({ ...sign, deposit: cny('113000.01', '0.00', '113000.01') })
        .thenThrows(InvalidOrderError);
    });

    it('refuses a negative price', () => {
      given()
        .when({ ...sign, listPrice: cny('-1.00', '0.00', '-1.00') })
        .thenThrows(InvalidOrderError);
    });

    it('refuses prices in two currencies', () => {
      given()
        .when({ ...sign, deposit: { currency: 'EUR', net: '500.00', tax: '0.00', gross: '500.00' } })
        .thenThrows(SaleCurrencyMismatchError);
    });

    it('records an order that arrives after the delivery it led to, but not one of another order id', () => {
      given(history(deliver))
        .when(sign)
        .then([{ type: 'OrderSigned', payload: { orderId: 'O-1' } }]);
      given(history(deliver))
        .when({ ...sign, orderId: 'O-9' })
        .thenThrows(OrderMismatchError);
    });
  });

  describe('CancelOrder', () => {
    it('records the cancellation of the signed order with its reason', () => {
      given(history(sign))
        .when(cancel)
        .then([{ type: 'OrderCancelled', payload: { vehicleSaleId: 'VS-1', orderId: 'O-1', reason: 'bought elsewhere' } }]);
    });

    it('refuses a sale that does not exist', () => {
      given().when(cancel).thenThrows(VehicleSaleNotFoundError);
    });

    it('refuses a sale without an order', () => {
      given(history({ ...deliver, orderId: null }))
        .when(cancel)
        .thenThrows(OrderNotSignedError);
    });

    it('refuses to cancel twice', () => {
      given(history(sign, cancel)).when(cancel).thenThrows(OrderAlreadyCancelledError);
    });

    it('refuses to cancel after the delivery', () => {
      given(history(sign, deliver)).when(cancel).thenThrows(VehicleAlreadyDeliveredError);
    });

    it('refuses a cancellation booked at another branch', () => {
      given(history(sign))
        .when({ ...cancel, branchId: 'BJ-01' })
        .thenThrows(OtherBranchError);
    });
  });

  describe('ReceivePayment', () => {
    it('records a deposit on a signed order, naming the order', () => {
      given(history(sign))
        .when(pay('deposit', '5000.00'))
        .then([{ type: 'PaymentReceived', payload: { vehicleSaleId: 'VS-1', orderId: 'O-1', kind: 'deposit', amount: cny('5000.00', '0.00', '5000.00') } }]);
    });

    it('records a payment on a sale delivered without an order', () => {
      given(history({ ...deliver, orderId: null }))
        .when(pay('balance', '113000.00'))
        .then([{ type: 'PaymentReceived', payload: { orderId: null, kind: 'balance' } }]);
    });

    it('refuses a payment for a sale that does not exist', () => {
      given().when(pay('deposit', '5000.00')).thenThrows(VehicleSaleNotFoundError);
    });

    it('refuses money in on a cancelled order', () => {
      given(history(sign, cancel)).when(pay('balance', '1000.00')).thenThrows(OrderCancelledError);
    });

    it('refunds a deposit after the cancellation', () => {
      given(history(sign, pay('deposit', '5000.00', 10), cancel))
        .when(pay('refund', '5000.00'))
        .then([{ type: 'PaymentReceived', payload: { kind: 'refund', amount: cny('5000.00', '0.00', '5000.00') } }]);
    });

    it('refuses a refund above what was received and not yet refunded', () => {
      const past = history(sign, pay('deposit', '5000.00', 10), pay('refund', '3000.00', 11));
      given(past).when(pay('refund', '2000.01')).thenThrows(RefundExceedsPaymentsError);
      given(past)
        .when(pay('refund', '2000.00'))
        .then([{ type: 'PaymentReceived', payload: { kind: 'refund' } }]);
      given(history(sign)).when(pay('refund', '0.01')).thenThrows(RefundExceedsPaymentsError);
    });

    it('refuses an amount of zero', () => {
      given(history(sign)).when(pay('deposit', '0.00')).thenThrows(InvalidPaymentError);
    });

    it('refuses money in another currency than the sale', () => {
      given(history(sign))
        .when({ ...pay('deposit', '5000.00'), amount: { currency: 'EUR', net: '5000.00', tax: '0.00', gross: '5000.00' } })
        .thenThrows(SaleCurrencyMismatchError);
    });
  });

  describe('ReturnVehicle', () => {
    it('records the return linked to the delivery, which stays as it was', () => {
      const past = history(sign, deliver);
      given(past)
        .when(returnVehicle)
        .then([
          {
            type: 'VehicleReturned',
            occurredAt: returnVehicle.occurredAt,
            payload: {
              vehicleSaleId: 'VS-1',
              deliveryEventId: deliver.eventId,
              orderId: 'O-1',
              vin: deliver.vin,
              condition: 'new',
              consultantId: 'E-7',
              reason: 'gearbox defect',
              invoiceReversed: deliver.invoice,
              costReversed: deliver.cost,
            },
          },
        ]);
    });

    it("names the customer's area on the delivery and carries it to the return (the territory both are credited to); none when not recorded", () => {
      const [delivered] = decideVehicleSale({ ...deliver, customerArea: 'SH-PUDONG' }, initialVehicleSale);
      expect(delivered!.payload).toMatchObject({ customerArea: 'SH-PUDONG' });
      given([delivered!])
        .when(returnVehicle)
        .then([{ type: 'VehicleReturned', schemaVersion: 2, payload: { customerArea: 'SH-PUDONG' } }]);
      const [plain] = decideVehicleSale(deliver, initialVehicleSale);
      expect(plain!.payload).not.toHaveProperty('customerArea');
      const [returned] = decideVehicleSale(returnVehicle, foldEvents(vehicleSale, [plain!]));
      expect(returned!.payload).not.toHaveProperty('customerArea');
    });

    it('takes back less than the invoice (a partial reversal)', () => {
      given(history(deliver))
        .when({ ...returnVehicle, invoiceReversed: cny('90000.00', '11700.00', '101700.00') })
        .then([{ type: 'VehicleReturned', payload: { invoiceReversed: cny('90000.00', '11700.00', '101700.00') } }]);
    });

    it('refuses to return a vehicle that was not delivered', () => {
      given(history(sign)).when(returnVehicle).thenThrows(VehicleNotDeliveredError);
      given().when(returnVehicle).thenThrows(VehicleSaleNotFoundError);
    });

    it('returns a vehicle once', () => {
      given(history(deliver, returnVehicle)).when(returnVehicle).thenThrows(VehicleAlreadyReturnedError);
    });

    it('refuses amounts above the delivery invoice, net or gross', () => {
      given(history(deliver))
        .when({ ...returnVehicle, invoiceReversed: cny('100000.01', '12999.99', '113000.00') })
        .thenThrows(ReturnExceedsDeliveryError);
      given(history(deliver))
        .when({ ...returnVehicle, invoiceReversed: cny('100000.00', '13000.01', '113000.01') })
        .thenThrows(ReturnExceedsDeliveryError);
    });

    it('refuses a cost above the delivery cost', () => {
      given(history(deliver))
        .when({ ...returnVehicle, costReversed: cny('92000.01', '11960.00', '103960.01') })
        .thenThrows(ReturnExceedsDeliveryError);
    });

    it('refuses amounts in another currency than the delivery', () => {
      const eur = { currency: 'EUR', net: '1.00', tax: '0.00', gross: '1.00' };
      given(history(deliver))
        .when({ ...returnVehicle, invoiceReversed: eur, costReversed: eur })
        .thenThrows(SaleCurrencyMismatchError);
    });

    it('refuses a return before the delivery', () => {
      given(history(deliver))
        .when({ ...returnVehicle, occurredAt: '2026-01-05T02:59:59.000Z' })
        .thenThrows(InvalidReturnError);
    });

    it('refuses negative reversed amounts', () => {
      given(history(deliver))
        .when({ ...returnVehicle, costReversed: cny('-1.00', '0.00', '-1.00') })
        .thenThrows(InvalidReturnError);
    });

    it('refuses a return booked at another branch', () => {
      given(history(deliver))
        .when({ ...returnVehicle, branchId: 'BJ-01' })
        .thenThrows(OtherBranchError);
    });
  });
});
