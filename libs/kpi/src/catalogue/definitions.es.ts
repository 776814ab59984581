import { DefinitionTexts } from './definition-texts';

// The exact definitions of the catalogue in Spanish: the same rules as the English `formula`,
// `numerator`, `denominator` and `provisional` of each KPI (the English text is the reference).

const DELIVERY_RULE =
  'Los vehículos se reconocen en la entrega, en la fecha operativa de la entrega según el calendario del concesionario; una devolución es un asiento negativo en la fecha operativa de la devolución, nunca una reescritura del mes de la entrega.';
const RO_RULE =
  'La mano de obra, los recambios y los trabajos subcontratados de una orden de reparación se reconocen al cerrarla, en la fecha operativa del cierre; una reapertura los anula en la fecha de la reapertura, y el nuevo cierre reconoce los nuevos totales en la nueva fecha de cierre. Las órdenes internas y las de preentrega (PDI) quedan fuera de todo indicador de posventa.';
const CSI_RULE =
  'La puntuación de una respuesta es la media ponderada de sus respuestas, cada una normalizada de 0 a 100 en su propia escala: (respuesta − mínimo) ÷ (máximo − mínimo) × 100. Una respuesta pertenece al periodo del hecho al que se refiere (el cierre de la orden en posventa, la entrega en ventas), llegue cuando llegue: una encuesta tardía reexpresa ese periodo. Se calcula por separado para cada origen de encuesta (llamada interna, encuesta del fabricante, cliente misterioso).';
const CONTACT_RULE_ES =
  'Un contacto de cliente es un vehículo entregado a un cliente identificado (la entrega registra el cliente; una devolución posterior no lo anula: el cliente fue atendido) ' +
  'o una orden de reparación cerrada para un cliente identificado (el cliente indicado al abrirla), sin las órdenes internas ni las de preentrega (PDI) (la regla de segmentos de posventa); ' +
  'un cierre reabierto y no vuelto a cerrar dentro de la misma ventana no cuenta, y la orden cuenta en su último cierre dentro de la ventana. ' +
  'Los clientes se cuentan una vez cada uno (identificadores distintos) en cada nivel: un cliente atendido por dos concesionarios cuenta una vez para su región y para el grupo, nunca la suma de los concesionarios; ' +
  'un contacto pertenece a la región a la que pertenecía su concesionario en la fecha operativa del contacto. Granularidad: mes, trimestre y año.';

export const DEFINITIONS_ES: DefinitionTexts = {
  revenue: {
    formula:
      'Σ neto de IVA de las líneas de ingresos: vehículos nuevos, vehículos de ocasión, mano de obra de taller, recambios de taller, subcontratas de taller, venta de recambios en mostrador y accesorios. Cada línea sigue su propia regla de reconocimiento (véase su indicador). Los cobros, los pedidos y los traspasos entre concesionarios nunca son ingresos; el impuesto de matriculación que paga el comprador no es ingreso del concesionario.',
  },
  revenue_new_vehicles: {
    formula: `Σ neto facturado de los vehículos nuevos entregados − Σ neto facturado anulado por devoluciones de vehículos nuevos. ${DELIVERY_RULE}`,
  },
  revenue_used_vehicles: {
    formula: `Σ neto facturado de los vehículos de ocasión entregados − Σ neto facturado anulado por devoluciones de vehículos de ocasión. ${DELIVERY_RULE}`,
  },
  units_delivered: { formula: 'Número de entregas con fecha operativa en el periodo (las devoluciones se cuentan aparte, no se restan).' },
  units_returned: { formula: 'Número de devoluciones de vehículos con fecha operativa en el periodo.' },
  vehicle_returns_amount: { formula: 'Σ neto facturado anulado por las devoluciones del periodo, mostrado como importe positivo en su propia línea.' },
  vehicle_gross_profit: {
    formula: `Σ (neto facturado − coste neto) de las entregas − Σ (neto facturado − coste neto) anulado por devoluciones, ambos sin impuestos. ${DELIVERY_RULE}`,
  },
  vehicle_gross_margin: {
    formula: 'Margen bruto de vehículos ÷ ingresos de vehículos (nuevos + ocasión) de las mismas entregas y devoluciones.',
    numerator: 'margen bruto de vehículos',
    denominator: 'ingresos de vehículos, netos',
  },
  gross_profit_per_new_vehicle: {
    formula: `Margen bruto de los vehículos nuevos (Σ neto facturado − coste neto de las entregas, menos el neto facturado − coste neto anulado por sus devoluciones, ambos sin impuestos) ÷ unidades nuevas entregadas netas de devoluciones (entregas − devoluciones), del mismo periodo. Nuevos y de ocasión nunca se mezclan: cada uno tiene su indicador. ${DELIVERY_RULE}`,
    numerator: 'margen bruto de los vehículos nuevos entregados, neto de devoluciones',
    denominator: 'vehículos nuevos entregados − vehículos nuevos devueltos',
  },
  gross_profit_per_used_vehicle: {
    formula: `Margen bruto de los vehículos de ocasión (Σ neto facturado − coste neto de las entregas, menos el neto facturado − coste neto anulado por sus devoluciones, ambos sin impuestos) ÷ unidades de ocasión entregadas netas de devoluciones (entregas − devoluciones), del mismo periodo. Nuevos y de ocasión nunca se mezclan: cada uno tiene su indicador. ${DELIVERY_RULE}`,
    numerator: 'margen bruto de los vehículos de ocasión entregados, neto de devoluciones',
    denominator: 'vehículos de ocasión entregados − vehículos de ocasión devueltos',
  },
  collections: { formula: 'Σ importes brutos cobrados (señal, saldo, préstamo) − Σ reembolsos, en la fecha operativa del cobro. Nunca es ingreso.' },
  leads: { formula: 'Número de oportunidades creadas en el periodo, por origen (visita, teléfono, internet, recomendación) y segmento de cliente.' },
  referral_leads: {
    formula:
      'Número de oportunidades creadas en el periodo con origen recomendación (en la fecha operativa de la oportunidad), las mismas que el recuento de oportunidades muestra bajo ese origen; por la dimensión recomendante, atribuidas al cliente que la oportunidad nombra como recomendante (versión 2 del hecho; vacío si no se registró).',
  },
  referral_sales: {
    formula: `Σ neto facturado de los vehículos (nuevos y de ocasión) entregados en el periodo − Σ neto facturado anulado por sus devoluciones en el periodo, de las ventas cuyo pedido (el último pedido firmado de la venta) nombra una oportunidad con origen recomendación, se creara cuando se creara. Una venta sin pedido, o cuyo pedido no nombra oportunidad o nombra una de otro origen, no es venta por recomendación. Se atribuye al comercial del pedido y, por la dimensión recomendante, al cliente que la oportunidad nombra como recomendante (versión 2 del hecho; vacío si no se registró). ${DELIVERY_RULE}`,
  },
  test_drives: { formula: 'Número de pruebas de conducción realizadas en el periodo.' },
  orders_signed: { formula: 'Número de pedidos firmados en el periodo. Los pedidos nunca son ingresos.' },
  lead_to_order_conversion: {
    formula:
      'Oportunidades creadas en el periodo con al menos un pedido firmado en el mismo periodo (mismo concesionario, el pedido nombra la oportunidad) ÷ oportunidades creadas en el periodo. Una oportunidad cuenta una vez tenga los pedidos que tenga; una cancelación posterior no la deshace; los pedidos sin oportunidad no cuentan. Se recalcula para el periodo pedido: una oportunidad del 31 de enero con pedido el 2 de febrero convierte en el primer trimestre, no en enero.',
    numerator: 'oportunidades creadas en el periodo con un pedido firmado en el mismo periodo',
    denominator: 'oportunidades creadas en el periodo',
  },
  order_cancellations: { formula: 'Número de pedidos cancelados en el periodo (en la fecha operativa de la cancelación).' },
  discount_rate: {
    formula:
      'Σ (precio de tarifa − precio de venta) ÷ Σ precio de tarifa, ambos netos de impuestos tal como los indica el pedido, de los pedidos firmados en el periodo (en la fecha operativa de la firma). Una cancelación posterior no saca el pedido; un pedido por encima de tarifa es un descuento negativo y cuenta como tal. Se recalcula desde las sumas en cada nivel y periodo, nunca como media de los porcentajes de los pedidos o de los concesionarios. Los pedidos proyectados antes de que se guardara el precio de tarifa (migración 0014) no cuentan en ninguna de las dos partes hasta que se reconstruyan las proyecciones.',
    numerator: 'Σ (tarifa − precio de venta) de los pedidos firmados en el periodo',
    denominator: 'Σ precio de tarifa de los mismos pedidos',
  },
  service_revenue: {
    formula: `Σ mano de obra + recambios + subcontratas, netos de IVA, de las órdenes de reparación cerradas en el periodo. Los recambios entregados a una orden cuentan aquí, no en la venta de mostrador. ${RO_RULE}`,
  },
  service_labour_revenue: {
    formula: `Σ mano de obra neta de las órdenes cerradas en el periodo, desglosada por categoría: mecánica, chapa y pintura. ${RO_RULE}`,
  },
  service_parts_revenue: {
    formula: `Σ neto de los recambios entregados a las órdenes cerradas en el periodo (descontadas las devoluciones al almacén). ${RO_RULE}`,
  },
  insurance_revenue: { formula: `Ingresos de posventa de las órdenes con tipo de trabajo seguro. ${RO_RULE}` },
  repair_and_warranty_revenue: {
    formula: `Ingresos de posventa de las órdenes con tipo de trabajo mantenimiento, reparación, chapa y pintura o garantía (todo salvo seguro, internas y preentrega). ${RO_RULE}`,
  },
  vehicle_intakes: {
    formula:
      'Número de visitas de recepción distintas detrás de las órdenes cerradas en el periodo (sin internas ni preentrega). Una visita dividida en varias órdenes (mecánica + chapa) cuenta una vez; por día es el mismo recuento por fecha operativa.',
  },
  per_vehicle_yield: {
    formula:
      'Ingresos de posventa de las órdenes cerradas en el periodo ÷ entradas de vehículos detrás de esas mismas órdenes. También por segmento (seguro frente a reparación de cliente, mantenimiento y garantía), con numerador y denominador del mismo segmento.',
    numerator: 'ingresos de posventa de las órdenes cerradas en el periodo',
    denominator: 'visitas de recepción distintas detrás de esas órdenes',
  },
  rework_rate: {
    formula:
      'Órdenes cerradas en el periodo para las que se abrió una orden de retorno (misma avería, vinculada a la original) dentro de los W días siguientes al cierre de la original (W = 30 por defecto, ajuste de la central) ÷ órdenes cerradas en el periodo. El retorno se imputa al concesionario, al técnico y al periodo de la orden original. Sin internas ni preentrega.',
    numerator: 'órdenes cerradas en el periodo con un retorno abierto dentro de los W días siguientes a su cierre',
    denominator: 'órdenes cerradas en el periodo',
    provisional: 'Un periodo es provisional hasta W días después de su último día: aún pueden llegar retornos.',
  },
  hours_sold: { formula: `Σ horas vendidas de las líneas de mano de obra de las órdenes cerradas en el periodo. ${RO_RULE}` },
  effective_labour_rate: {
    formula: 'Ingresos de mano de obra ÷ horas vendidas, de las mismas órdenes cerradas en el periodo.',
    numerator: 'ingresos netos de mano de obra',
    denominator: 'horas vendidas',
  },
  technician_efficiency: {
    formula: 'Horas vendidas ÷ horas fichadas, de las líneas de mano de obra de las órdenes cerradas en el periodo, por técnico y sumadas por equipo.',
    numerator: 'horas vendidas',
    denominator: 'horas fichadas',
  },
  hours_per_repair_order: {
    formula:
      'Horas vendidas de las órdenes de cliente, seguro y garantía cerradas en el periodo ÷ esas órdenes (las internas y de preentrega no están en ninguna de las dos partes). Una orden cuenta una vez en el periodo de su cierre, con las horas vendidas de ese cierre; una cerrada, reabierta y vuelta a cerrar dentro del periodo cuenta una vez con las horas de su último cierre; una reabierta en un periodo posterior sigue contando en el periodo de su primer cierre (como la base del índice de retornos). Se recalcula para el periodo pedido, nunca como media de meses.',
    numerator: 'horas vendidas de las órdenes cerradas en el periodo',
    denominator: 'órdenes cerradas en el periodo (sin internas ni preentrega)',
  },
  appointment_share: {
    formula:
      'Órdenes abiertas en el periodo (en la fecha operativa de la apertura) que nombran una cita ÷ órdenes abiertas en el periodo. Las órdenes internas y de preentrega no están en ninguna de las dos partes. Cada orden cuenta, de modo que dos órdenes de una misma visita con una sola cita cuentan dos veces en ambas partes. Que la orden se cierre, reabra o cancele después no importa; una cita que nunca llegó a orden no cuenta en ningún sitio.',
    numerator: 'órdenes abiertas en el periodo con cita',
    denominator: 'órdenes abiertas en el periodo (sin internas ni preentrega)',
  },
  warranty_approval_rate: {
    formula: 'Reclamaciones de garantía resueltas en el periodo como aprobadas o aprobadas en parte ÷ reclamaciones de garantía resueltas en el periodo.',
    numerator: 'reclamaciones resueltas como aprobadas o aprobadas en parte',
    denominator: 'reclamaciones resueltas',
  },
  follow_up_within_3_working_days: {
    formula:
      'Órdenes cerradas en el periodo con una llamada de seguimiento que contactó con el cliente dentro de los 3 días laborables siguientes al cierre (el calendario de festivos del concesionario y sus días laborables extra deciden qué días cuentan; el número de días es un ajuste de la central) ÷ órdenes cerradas en el periodo (sin internas ni preentrega).',
    numerator: 'órdenes cerradas con una llamada de seguimiento que contactó dentro de 3 días laborables',
    denominator: 'órdenes cerradas en el periodo',
    provisional: 'Los últimos 3 días laborables de un periodo son provisionales hasta que hayan pasado.',
  },
  csi_service: {
    formula: `Puntuación media de las encuestas de posventa cuya orden se cerró en el periodo; las encuestas sobre órdenes internas y de preentrega quedan fuera. ${CSI_RULE}`,
    numerator: 'Σ puntuaciones de las respuestas',
    denominator: 'número de respuestas',
    provisional:
      'Las encuestas llegan semanas después del cierre: un periodo es provisional hasta 60 días después de su último día y se reexpresa según llegan.',
  },
  csi_sales: {
    formula: `Puntuación media de las encuestas de ventas cuya entrega cae en el periodo. ${CSI_RULE}`,
    numerator: 'Σ puntuaciones de las respuestas',
    denominator: 'número de respuestas',
    provisional:
      'Las encuestas llegan semanas después de la entrega: un periodo es provisional hasta 60 días después de su último día y se reexpresa según llegan.',
  },
  csi_response_rate: {
    formula: 'Respuestas referidas al periodo ÷ órdenes cerradas (posventa; sin internas ni preentrega) o vehículos entregados (ventas) en el periodo.',
    numerator: 'respuestas de encuesta referidas al periodo',
    denominator: 'órdenes cerradas (posventa) o entregas (ventas) del periodo',
    provisional: 'Sube según llegan encuestas tardías: provisional hasta 60 días después del último día del periodo.',
  },
  csi_top_box: {
    formula: 'Respuestas cuya valoración global es la máxima de su escala (respuesta = máximo) ÷ respuestas, el mismo conjunto que el índice de satisfacción.',
    numerator: 'respuestas con la valoración global en el máximo de su escala',
    denominator: 'respuestas',
  },
  complaints: { formula: 'Número de reclamaciones registradas en el periodo.' },
  complaint_resolution_days: {
    formula: 'Media de (resolución − registro) en días, con decimales, de las reclamaciones resueltas en el periodo: Σ segundos ÷ reclamaciones ÷ 86.400.',
    numerator: 'Σ segundos desde el registro hasta la resolución (exactos por reclamación, de modo que los hechos suman la cifra)',
    denominator: 'reclamaciones resueltas en el periodo',
  },
  active_customer_base: {
    formula: `Clientes distintos con al menos un contacto en los 12 meses hasta la fecha: fechas operativas desde la fecha + 1 día − 12 meses hasta la fecha. La fecha es el último día del periodo (el último día consultado si el rango termina antes): la cifra de un mes es la base a fin de mes, la de un trimestre o un año la de su último día, nunca una suma de meses ni de concesionarios. ${CONTACT_RULE_ES}`,
  },
  customer_retention: {
    formula: `Clientes activos al inicio del periodo (un contacto en los 12 meses anteriores a su primer día: del primer día − 12 meses al día anterior) que tuvieron otro contacto durante el periodo (de su primer a su último día) ÷ clientes activos al inicio. Un periodo cortado por el rango consultado empieza y termina con el rango. Ambos conjuntos son clientes distintos de la unidad: un cliente activo al inicio en un concesionario que vuelve a otro cuenta como retenido para su región y el grupo, no para ninguno de los dos concesionarios. ${CONTACT_RULE_ES}`,
    numerator: 'clientes activos al inicio del periodo con un contacto durante el periodo',
    denominator: 'clientes activos al inicio del periodo (un contacto en los 12 meses anteriores a su primer día)',
  },
  visit_frequency: {
    formula: `Órdenes de reparación cerradas para clientes identificados en los 12 meses hasta la fecha (sin internas ni PDI; cada orden una vez) ÷ la base de clientes activos en la fecha (clientes con una entrega o una orden cerrada en esos 12 meses), ambas sin duplicados en la unidad consultada. La fecha es el último día del periodo, como en la base de clientes activos: un valor en cada fin de periodo, nunca una suma de meses. ${CONTACT_RULE_ES}`,
    numerator: 'órdenes de reparación cerradas para clientes identificados en los 12 meses hasta la fecha',
    denominator: 'base de clientes activos en la fecha',
  },
  parts_counter_sales: {
    formula:
      'Σ neto de las ventas de recambios (particulares, talleres rápidos, otros concesionarios) − Σ neto de las devoluciones de clientes, cada una en su fecha operativa. Los recambios entregados a órdenes de reparación son ingresos de posventa y no cuentan aquí; los traspasos entre concesionarios no son ingresos.',
  },
  parts_margin: {
    formula: '(Ventas de mostrador netas − su coste neto) ÷ ventas de mostrador netas, con las devoluciones incluidas por sus importes y costes anulados.',
    numerator: 'ventas de mostrador netas − coste neto',
    denominator: 'ventas de mostrador netas',
  },
  parts_fill_rate: {
    formula:
      'Líneas servidas íntegramente desde el stock en la primera solicitud ÷ líneas solicitadas, en la fecha operativa de la solicitud. Una línea solicitada es una línea de venta en mostrador, un recambio entregado a una orden de reparación (cantidad positiva) o un pedido pendiente (una solicitud de mostrador o de taller que el almacén no pudo servir íntegramente al momento). Las líneas de venta y las entregas servidas al momento cuentan en ambas partes; un pedido pendiente solo en el denominador, aunque parte de la cantidad se entregara al momento. La entrega posterior de un recambio pendiente (una línea de venta o una entrega que indica ese pedido pendiente) no es una solicitud propia; las devoluciones al almacén no son solicitudes.',
    numerator: 'líneas servidas íntegramente desde el stock en la primera solicitud',
    denominator: 'líneas solicitadas (líneas de venta en mostrador, recambios entregados a órdenes, pedidos pendientes)',
  },
  genuine_parts_purchases: {
    formula:
      'Σ coste neto de los recambios recibidos marcados como originales − Σ coste neto de los originales devueltos a proveedores, en sus fechas operativas.',
  },
  accessory_sales: {
    formula:
      'Σ neto de las ventas de accesorios en la fecha operativa de la venta; los accesorios vendidos con un vehículo cuentan aquí, no en los ingresos de vehículos.',
  },
  stock_value: {
    formula:
      'El valor del inventario de fin de mes. Es un estado, no un flujo: los concesionarios se suman, los meses no; un trimestre o un año muestra el inventario de su último mes.',
  },
  aged_stock_value: {
    formula:
      'Valor de los tramos de antigüedad de 181 a 365 días y de más de 365 días del inventario de fin de mes. Es un estado: como el valor de existencias, nunca se suma por meses.',
  },
  attainment_quota: {
    formula: 'Real ÷ cuota fijada por la central para el mismo indicador, periodo y nivel, en la versión vigente. Sin cuota no hay cumplimiento.',
    numerator: 'el valor real del indicador en el periodo y nivel',
    denominator: 'la cuota de ese indicador, periodo y nivel',
  },
  attainment_stretch: {
    formula: 'Real ÷ objetivo ambicioso para el mismo indicador, periodo y nivel, en la versión vigente.',
    numerator: 'el valor real del indicador',
    denominator: 'el objetivo ambicioso',
  },
  annual_plan_progress: {
    formula:
      'Real acumulado del año ÷ objetivo anual (la cuota, o el objetivo ambicioso si se pide) del mismo indicador y nivel. Los objetivos mensuales no se suman para formar uno anual.',
    numerator: 'real desde el 1 de enero hasta el final del periodo',
    denominator: 'el objetivo anual',
  },
  sales_calls: {
    formula:
      'Número de llamadas registradas (actividades comerciales registradas como llamada) en su fecha operativa, por cualquier asesor del concesionario; por asesor, cada uno las suyas. Una llamada registrada dos veces con el mismo identificador de actividad cuenta una vez.',
  },
  sales_visits: {
    formula:
      'Número de visitas registradas (actividades comerciales registradas como visita: a un cliente potencial o cliente, o de él) en su fecha operativa; por asesor, cada uno las suyas.',
  },
  sales_call_quota_attainment: {
    formula:
      'Llamadas registradas por los asesores de ventas del concesionario ÷ su cuota de llamadas en el periodo. Numerador: llamadas (actividades comerciales registradas como llamada) en su fecha operativa cuyo asesor estaba asignado al concesionario como asesor de ventas en esa fecha (asignación de personal vigente), cualquier día, laborable o no. Denominador: Σ sobre cada (asesor, día laborable del concesionario en el periodo) en que el asesor estaba asignado al concesionario como asesor de ventas de la cuota diaria de llamadas vigente ese día (ajuste de la central, 30 por defecto). Un día laborable lo es según el calendario del concesionario: decide el primer calendario con una entrada para la fecha, concesionario → su región en esa fecha → grupo; sin ninguna, de lunes a viernes; solo los días entre la apertura y el cierre del concesionario. Se recalcula a partir de las sumas de llamadas y cuotas en cada nivel y periodo: el cumplimiento de una región es Σ llamadas ÷ Σ cuota de sus concesionarios (región en cada día), nunca una media de tasas; por asesor, las llamadas propias ÷ la cuota propia.',
    numerator: 'llamadas registradas por asesores asignados al concesionario como asesores de ventas en la fecha operativa de la llamada',
    denominator: 'Σ sobre (asesor, día laborable) de la cuota diaria de llamadas vigente ese día',
  },
  sales_visit_quota_attainment: {
    formula:
      'Visitas registradas por los asesores de ventas del concesionario ÷ su cuota de visitas en el periodo. Numerador: visitas (actividades comerciales registradas como visita) en su fecha operativa cuyo asesor estaba asignado al concesionario como asesor de ventas en esa fecha, cualquier día. Denominador: Σ sobre cada (asesor, concesionario, semana de lunes a domingo) de la cuota semanal de visitas vigente el lunes de la semana (ajuste de la central, 20 por defecto) × los días laborables del asesor en esa semana que caen en el periodo y en que estaba asignado al concesionario como asesor de ventas ÷ los días laborables del concesionario en la semana completa (días laborables como en la cuota de llamadas), cada parte (los días de la semana de un asesor que caen en un mismo intervalo del informe: día, semana, mes…) truncada a 4 decimales. Una semana completa de un asesor da la cuota semanal; un periodo que corta una semana, o una asignación que empieza o termina dentro de ella, recibe la parte de sus días laborables; una semana sin días laborables no tiene cuota. Se recalcula a partir de las sumas de visitas y cuotas en cada nivel y periodo, nunca una media de tasas; por asesor, las visitas propias ÷ la cuota propia.',
    numerator: 'visitas registradas por asesores asignados al concesionario como asesores de ventas en la fecha operativa de la visita',
    denominator:
      'Σ sobre (asesor, semana) de la cuota semanal de visitas vigente el lunes de la semana × los días laborables del asesor en la semana dentro del periodo ÷ los días laborables del concesionario en la semana',
  },
  market_share: {
    formula:
      'Matriculaciones propias de vehículos nuevos ÷ matriculaciones del mercado, sobre las celdas (zona de mercado × segmento de mercado × mes) para las que la central importó una cifra de mercado (la última versión; al cierre, la registrada antes del cierre del mes). Una zona de mercado es el territorio de un concesionario; las matriculaciones propias de una celda son las entregas de vehículos nuevos atribuidas al concesionario, de los modelos que la importación asigna al segmento, con fecha operativa en el mes, netas de devoluciones (la devolución de uno de esos vehículos resta 1 en la fecha operativa de la devolución, como en el beneficio bruto por vehículo nuevo vendido). Una entrega se atribuye al concesionario cuyo territorio incluye la zona del cliente en su fecha operativa (mapa de territorios de la central), sea cual sea el concesionario que vendió; una entrega sin zona, o con una zona fuera del mapa o sin titular en esa fecha, se atribuye al concesionario vendedor; una devolución sigue la zona de su entrega. Los vehículos de ocasión nunca cuentan. Una celda sin cifra de mercado importada no tiene cuota y sus entregas no cuentan en ningún sitio (nunca se estima). La cuota de una región, del grupo, de un trimestre o de un año es Σ matriculaciones propias ÷ Σ matriculaciones del mercado de sus celdas, nunca una media de cuotas; solo por mes o intervalos mayores.',
    numerator: 'vehículos nuevos entregados netos de devoluciones en las celdas con cifra de mercado',
    denominator: 'matriculaciones del mercado importadas para las mismas celdas',
  },
  growth_mom: {
    formula:
      '(Real del periodo − real del periodo anterior) ÷ real del periodo anterior, al mismo nivel. Un concesionario abierto dentro de cualquiera de los dos periodos se señala: la comparación no es homogénea.',
  },
  growth_yoy: {
    formula:
      '(Real del periodo − real del mismo periodo un año antes) ÷ este último, al mismo nivel. Un concesionario abierto después del inicio del periodo anterior se señala: la comparación no es homogénea.',
  },
};
